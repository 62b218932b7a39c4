package dev.handoff.app.conversation;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Deletes conversations past their store's retention period. */
@Singleton
public class ConversationRetention {

    private final ConversationRepository conversations;
    private final ApplicationEventPublisher<ConversationChanged> changed;

    ConversationRetention(ConversationRepository conversations, ApplicationEventPublisher<ConversationChanged> changed) {
        this.conversations = conversations;
        this.changed = changed;
    }

    /**
     * Deletes conversations whose last activity is older than their store's retention period, with
     * their messages, tickets, ratings and notes (the search index follows).
     *
     * @param defaultDays retention of stores without settings
     * @param limit       at most this many
     * @return the ids deleted
     */
    @Transactional
    public List<UUID> deleteExpired(Instant now, int defaultDays, int limit) {
        List<UUID> expired = conversations.findExpired(now, defaultDays, limit);
        if (!expired.isEmpty()) {
            conversations.deleteByIdIn(expired);
            expired.forEach(id -> changed.publishEvent(new ConversationChanged(id)));
        }
        return expired;
    }
}
