package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored email an inbound email might continue (a row of {@code email_messages} with its conversation's contact).
 *
 * @param messageId      the stored message
 * @param conversationId its conversation
 * @param contactId      the conversation's contact
 * @param accountId      the mailbox it arrived at or left from
 * @param rfcMessageId   its Message-ID
 * @param subject        its subject
 * @param autoSubmitted  bulk or automatic mail
 * @param createdAt      when stored
 */
@Introspected
record ThreadCandidate(UUID messageId, UUID conversationId, UUID contactId, @Nullable UUID accountId, @Nullable String rfcMessageId,
                       @Nullable String subject, boolean autoSubmitted, Instant createdAt) {
}
