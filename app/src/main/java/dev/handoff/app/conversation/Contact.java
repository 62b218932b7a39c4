package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A shopper. One contact per store and email address, across channels.
 *
 * @param id        contact id
 * @param storeId   tenant
 * @param name      name as given, or {@code null}
 * @param email     email as given (matching is case-insensitive), or {@code null} for an anonymous visitor
 * @param createdAt creation time (UTC)
 */
@MappedEntity("contacts")
public record Contact(@Id UUID id, UUID storeId, @Nullable String name, @Nullable String email, Instant createdAt) {
}
