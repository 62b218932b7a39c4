package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/** Internal notes on a conversation (never shown to the shopper). */
@Singleton
public class Notes {

    private final NoteRepository notes;
    private final Clock clock;

    Notes(NoteRepository notes, Clock clock) {
        this.notes = notes;
        this.clock = clock;
    }

    /**
     * Adds an internal note.
     *
     * @param agentId the agent writing it, or {@code null} for the assistant
     * @param kind    {@code escalation_summary}, {@code resolution_summary} or {@code note}
     * @param body    1..20,000 characters; 400 problem otherwise
     * @return the stored note
     */
    @Transactional
    public Note addNote(Conversation conversation, @Nullable UUID agentId, String kind, String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() || text.length() > MessageAppender.MAX_TEXT) {
            throw Problems.badRequest("Note text must be 1 to " + MessageAppender.MAX_TEXT + " characters");
        }
        return notes.save(new Note(UUID.randomUUID(), conversation.storeId(), conversation.id(), agentId == null ? "assistant" : "agent",
                agentId, kind, text, clock.instant()));
    }
}
