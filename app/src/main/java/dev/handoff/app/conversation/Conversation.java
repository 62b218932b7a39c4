package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A thread with one shopper on one channel.
 *
 * @param id               conversation id
 * @param storeId          tenant
 * @param channel          {@code widget}, {@code gmail}, {@code outlook} or {@code imap}
 * @param contactId        the shopper
 * @param status           see {@link ConversationStatus}
 * @param unreadCount      customer messages no agent has read yet
 * @param sentimentTrend   exponentially weighted mean of customer sentiment scores in [-1, 1], or {@code null}
 * @param tags             comma-separated tags
 * @param assigneeId       the agent handling it, or {@code null}
 * @param visitorTokenHash SHA-256 of the widget visitor token (widget conversations only)
 * @param assistantState   where the assistant's flow stands: {@code idle} or {@code awaiting_order_reference}
 * @param unansweredCount  customer messages in a row the assistant could not answer
 * @param lastActivityAt   time of the last message (UTC)
 * @param createdAt        creation time (UTC)
 * @param resolutionCount  how many times it was resolved (a CSAT survey belongs to one resolution)
 * @param firstMessageAt   the shopper's first message, or {@code null}
 * @param firstResponseAt  the first assistant or agent reply after it, or {@code null}
 * @param resolvedAt       the latest resolution, or {@code null}
 * @param pendingDrafts    drafts waiting for review
 * @param mergedInto       the conversation this one was merged into (it only points there now), or {@code null}
 */
@MappedEntity("conversations")
public record Conversation(@Id UUID id, UUID storeId, String channel, UUID contactId, ConversationStatus status,
                           int unreadCount, @Nullable Double sentimentTrend, String tags, @Nullable UUID assigneeId,
                           @Nullable String visitorTokenHash, String assistantState, int unansweredCount,
                           Instant lastActivityAt, Instant createdAt, int resolutionCount, @Nullable Instant firstMessageAt,
                           @Nullable Instant firstResponseAt, @Nullable Instant resolvedAt, int pendingDrafts,
                           @Nullable UUID mergedInto) {

    /** Assistant flow state: nothing in progress. */
    public static final String IDLE = "idle";
    /** Assistant flow state: asked the shopper for an order number or email. */
    public static final String AWAITING_ORDER_REFERENCE = "awaiting_order_reference";
}
