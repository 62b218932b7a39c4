package dev.handoff.app.tickets;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * A signal that a conversation needs a person.
 *
 * @param storeId        tenant
 * @param conversationId the conversation
 * @param reason         e.g. {@code human_requested}, {@code damaged_item}, {@code missing_package}, {@code wrong_item},
 *                       {@code refund_request}, {@code billing_dispute}, {@code negative_sentiment}, {@code unanswered}
 * @param priority       how urgent
 * @param category       what it is about
 * @param summary        short summary for the agent
 * @param orderNumber    the order involved, or {@code null}
 * @param sentiment      customer sentiment, or {@code null}
 */
public record Escalation(UUID storeId, UUID conversationId, String reason, Ticket.Priority priority, String category,
                         String summary, @Nullable String orderNumber, @Nullable String sentiment) {
}
