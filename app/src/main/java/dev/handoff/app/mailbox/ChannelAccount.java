package dev.handoff.app.mailbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A connected mailbox (Gmail, Outlook, IMAP).
 *
 * @param id           account id
 * @param storeId      tenant
 * @param kind         {@code gmail|outlook|imap}
 * @param email        the mailbox's address
 * @param status       {@code active|needs_reauth|error}
 * @param statusDetail why the status is not {@code active}, or {@code null}
 * @param credentials  sealed JSON (passwords, OAuth tokens); never leaves the server
 * @param syncCursor   where the next sync starts, or {@code null} before the first
 * @param lastSyncedAt the last successful sync, or {@code null}
 * @param createdAt    when connected (UTC)
 * @param updatedAt    last change (UTC)
 */
@MappedEntity("channel_accounts")
public record ChannelAccount(@Id UUID id, UUID storeId, String kind, String email, String status, @Nullable String statusDetail,
                             String credentials, @Nullable String syncCursor, @Nullable Instant lastSyncedAt, Instant createdAt,
                             Instant updatedAt) {

    /** Syncing and sending. */
    public static final String ACTIVE = "active";
    /** The provider refused the credentials; an admin must connect the account again. */
    public static final String NEEDS_REAUTH = "needs_reauth";
    /** The last sync failed in a way a retry may fix; syncing goes on with backoff. */
    public static final String ERROR = "error";
}
