package dev.handoff.app.assistant;

import dev.handoff.app.commerce.ShopifyOrder;
import dev.handoff.app.conversation.Sentiment;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * The templated ticket summary written when a conversation is escalated without a language model,
 * e.g. "Customer asked about order #1042. Order appears delayed. Customer is frustrated and
 * requested human help." Three sentences: what the customer wants, the order's state, and mood
 * plus why a person is needed.
 */
final class TicketSummary {

    private TicketSummary() {
    }

    static String write(String reason, @Nullable String orderName, @Nullable ShopifyOrder order, Sentiment sentiment,
                        String lastMessage, Instant now) {
        StringBuilder b = new StringBuilder();
        b.append(switch (reason) {
            case "damaged_item" -> "Customer reports a damaged item" + on(orderName) + ".";
            case "missing_package" -> "Customer reports a missing package" + on(orderName) + ".";
            case "wrong_item" -> "Customer received the wrong item" + on(orderName) + ".";
            case "refund_request" -> "Customer requests a refund" + on(orderName) + ".";
            case "chargeback" -> "Customer mentions a chargeback" + on(orderName) + ".";
            case "billing_dispute" -> "Customer disputes a charge" + on(orderName) + ".";
            default -> orderName != null ? "Customer asked about order " + orderName + "."
                    : "Customer wrote: \"" + excerpt(lastMessage) + "\".";
        });
        if (order != null) {
            b.append(' ').append(OrderStatusReply.summarySentence(order, now));
        }
        String mood = sentiment == Sentiment.negative ? "Customer is frustrated" : null;
        String why = switch (reason) {
            case "human_requested" -> "requested human help";
            case "repeated_contact" -> "says they have asked before";
            case "negative_sentiment" -> "has stayed unhappy over several messages";
            case "unanswered" -> "the assistant could not answer twice";
            default -> null;
        };
        if (mood != null && why != null && !reason.equals("unanswered")) {
            b.append(' ').append(mood).append(" and ").append(why).append('.');
        } else if (mood != null) {
            b.append(' ').append(mood).append('.');
            if (why != null) {
                b.append(' ').append(OrderStatusReply.capitalise(why)).append('.');
            }
        } else if (why != null) {
            b.append(reason.equals("unanswered") ? " " + OrderStatusReply.capitalise(why) + "." : " Customer " + why + ".");
        }
        return b.toString();
    }

    private static String on(@Nullable String orderName) {
        return orderName == null ? "" : " on order " + orderName;
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 140 ? oneLine : oneLine.substring(0, 137) + "...";
    }
}
