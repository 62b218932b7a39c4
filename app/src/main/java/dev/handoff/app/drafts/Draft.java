package dev.handoff.app.drafts;

import dev.handoff.app.conversation.AnswerSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * An assistant's reply on an email conversation, waiting for an agent's review.
 *
 * @param id               draft id
 * @param storeId          tenant
 * @param conversationId   its conversation
 * @param inReplyToMessage the shopper's email it answers, or {@code null}
 * @param author           {@code assistant}
 * @param status           {@code pending → approved → sent}, or {@code discarded}, or {@code superseded} (an agent
 *                         replied by hand while it waited: {@link StaleDrafts})
 * @param body             the reply as it stands (edited or not)
 * @param originalBody     the reply as the assistant wrote it
 * @param source           {@code order_status|faq|llm}, or {@code null} (escalation notice)
 * @param citedFaqIds      comma-separated FAQ item ids the reply is grounded in
 * @param orderNumber      the order it is about, or {@code null}
 * @param providerDraftId  the copy in the mailbox's Drafts (Gmail draft id, Graph message id, IMAP Message-ID), or {@code null}
 * @param sentMessageId    once approved: the message it became
 * @param reviewerId       the agent who approved or discarded it
 * @param lastError        the last failure saving the provider copy, or {@code null}
 * @param createdAt        when drafted (UTC)
 * @param updatedAt        last change (UTC)
 */
@MappedEntity("drafts")
public record Draft(@Id UUID id, UUID storeId, UUID conversationId, @Nullable UUID inReplyToMessage, String author, String status,
                    String body, String originalBody, @Nullable AnswerSource source, String citedFaqIds, @Nullable String orderNumber,
                    @Nullable String providerDraftId, @Nullable UUID sentMessageId, @Nullable UUID reviewerId, @Nullable String lastError,
                    Instant createdAt, Instant updatedAt) {

    /** Waiting for review. */
    public static final String PENDING = "pending";
    /** Approved, being sent. */
    public static final String APPROVED = "approved";
    /** Sent to the shopper. */
    public static final String SENT = "sent";
    /** Thrown away. */
    public static final String DISCARDED = "discarded";
    /** Withdrawn unreviewed: an agent replied in the conversation by hand while it waited. */
    public static final String SUPERSEDED = "superseded";
}
