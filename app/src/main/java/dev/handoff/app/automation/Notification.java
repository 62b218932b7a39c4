package dev.handoff.app.automation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * One notification to one target, and how its delivery went.
 *
 * @param id        id
 * @param storeId   the store
 * @param event     {@code new_ticket}, {@code urgent_ticket}, {@code bad_rating}, {@code channel_reauth} or {@code weekly_summary}
 * @param channel   {@code email} or {@code slack}
 * @param target    the address or webhook URL
 * @param subject   subject line
 * @param body      plain text
 * @param status    {@code pending}, {@code sent} or {@code failed} (after {@link Notifier#MAX_ATTEMPTS} attempts)
 * @param attempts  delivery attempts so far
 * @param lastError the last failure, or {@code null}
 * @param createdAt when it was raised
 * @param sentAt    when it was delivered, or {@code null}
 */
@Serdeable
@MappedEntity("notifications")
public record Notification(@Id UUID id, UUID storeId, String event, String channel, String target, String subject, String body,
                           String status, int attempts, @Nullable String lastError, Instant createdAt, @Nullable Instant sentAt) {
}
