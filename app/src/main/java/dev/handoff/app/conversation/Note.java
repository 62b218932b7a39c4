package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * An internal note on a conversation: never shown to the shopper.
 *
 * @param id             note id
 * @param storeId        tenant
 * @param conversationId the conversation
 * @param author         {@code assistant} (a model-written summary) or {@code agent}
 * @param agentId        the agent, for agent notes
 * @param kind           {@code escalation_summary}, {@code resolution_summary} or {@code note}
 * @param body           plain text
 * @param createdAt      creation time (UTC)
 */
@Serdeable
@MappedEntity("conversation_notes")
public record Note(@Id UUID id, UUID storeId, UUID conversationId, String author, @Nullable UUID agentId, String kind, String body,
                   Instant createdAt) {
}
