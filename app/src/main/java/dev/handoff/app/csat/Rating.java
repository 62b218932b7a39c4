package dev.handoff.app.csat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * A CSAT rating of one resolution of a conversation.
 *
 * @param id             id
 * @param storeId        tenant
 * @param conversationId the conversation
 * @param resolution     which resolution (1 for the first, 2 after a reopen and re-resolve, ...)
 * @param rating         {@code up} or {@code down}
 * @param comment        the shopper's comment, or {@code null}
 * @param channel        the conversation's channel
 * @param agentId        the agent the conversation was assigned to, or {@code null}
 * @param resolvedBy     {@code assistant} (no agent wrote in it) or {@code human}
 * @param createdAt      when it was rated
 */
@Serdeable
@MappedEntity("ratings")
public record Rating(@Id UUID id, UUID storeId, UUID conversationId, int resolution, String rating, @Nullable String comment,
                     String channel, @Nullable UUID agentId, String resolvedBy, Instant createdAt) {
}
