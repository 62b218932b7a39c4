package dev.handoff.app.moves;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * A merge or split, as the conversation's history shows it.
 *
 * @param id           the move (undo: {@code POST /api/stores/{storeId}/conversation-moves/{id}/undo})
 * @param kind         {@code merge} (every item of {@code sourceId} moved into {@code targetId}) or {@code split}
 *                     (messages of {@code sourceId} moved into the new conversation {@code targetId})
 * @param sourceId     the conversation things moved out of
 * @param targetId     the conversation they moved into
 * @param messages     messages moved
 * @param notes        notes moved
 * @param drafts       drafts moved
 * @param tickets      tickets moved
 * @param closedTicket a merge that found an open ticket on both sides: the number of the source's ticket it closed, else {@code null}
 * @param agentId      who did it
 * @param createdAt    when (UTC)
 * @param undoneAt     when it was undone, or {@code null}
 */
@Serdeable
public record ConversationMove(UUID id, String kind, UUID sourceId, UUID targetId, int messages, int notes, int drafts, int tickets,
                               @Nullable Integer closedTicket, @Nullable UUID agentId, Instant createdAt, @Nullable Instant undoneAt) {
}
