package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The email side of a message (RFC 5322 headers, provider ids, delivery), beside its {@link Message}.
 *
 * @param messageId        the message
 * @param storeId          tenant
 * @param conversationId   its conversation
 * @param accountId        the channel account it arrived at or left from, or {@code null} once the account is removed
 * @param direction        {@code inbound} (from the shopper) or {@code outbound} (a reply)
 * @param dedupeKey        inbound: the Message-ID, or {@code sha256:} of the raw message without one
 * @param rfcMessageId     the RFC 5322 Message-ID, without angle brackets
 * @param providerId       the provider's id (Gmail/Graph message id, IMAP {@code uidvalidity:uid}), or {@code null}
 * @param providerThreadId Gmail threadId or Graph conversationId, or {@code null}
 * @param subject          subject, or {@code null}
 * @param inReplyTo        In-Reply-To ids, space-separated
 * @param referenceIds     References ids, oldest first, space-separated
 * @param fromEmail        sender address, or {@code null} when unreadable
 * @param toEmails         recipients, comma-separated
 * @param quotedText       quoted history and signature separated from the message's text
 * @param autoSubmitted    a bounce or auto-reply: recorded, never answered
 * @param parseError       why the message could not be read completely, or {@code null}
 * @param raw              the message as received when it could not be read, else {@code null}
 * @param deliveryStatus   outbound: {@code queued|sent|failed}; inbound: {@code null}
 * @param deliveryError    outbound: the last delivery error, or {@code null}
 * @param deliveryAttempts outbound: delivery attempts so far
 * @param createdAt        when stored (UTC)
 */
@MappedEntity("email_messages")
public record EmailRecord(@Id UUID messageId, UUID storeId, UUID conversationId, @Nullable UUID accountId, String direction,
                          String dedupeKey, @Nullable String rfcMessageId, @Nullable String providerId,
                          @Nullable String providerThreadId, @Nullable String subject, String inReplyTo, String referenceIds,
                          @Nullable String fromEmail, String toEmails, String quotedText, boolean autoSubmitted,
                          @Nullable String parseError, @Nullable byte[] raw, @Nullable String deliveryStatus,
                          @Nullable String deliveryError, int deliveryAttempts, Instant createdAt) {

    /** Inbound email. */
    public static final String INBOUND = "inbound";
    /** A reply sent to the shopper. */
    public static final String OUTBOUND = "outbound";

    /** @return {@link #referenceIds} as a list */
    public List<String> references() {
        return referenceIds.isBlank() ? List.of() : Arrays.asList(referenceIds.split(" "));
    }

    /** @return {@link #inReplyTo} as a list */
    public List<String> inReplyToIds() {
        return inReplyTo.isBlank() ? List.of() : Arrays.asList(inReplyTo.split(" "));
    }
}
