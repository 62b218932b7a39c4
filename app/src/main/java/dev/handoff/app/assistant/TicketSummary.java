package dev.handoff.app.assistant;

import dev.handoff.app.commerce.ShopifyOrder;
import dev.handoff.app.conversation.AnswerSource;
import dev.handoff.app.conversation.Sentiment;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The templated ticket summary written when a conversation is escalated without a language model,
 * e.g. "Customer reports a damaged item on order #1034. Order shipped, in transit. Customer sent 1 photo.
 * Before this, the assistant answered from the FAQ item "What is your return policy?". Customer is frustrated."
 * In order: the problem and the order, the order's
 * state, what the shopper already sent (photos, files), what the assistant already told them, and mood
 * plus why a person is needed — so the agent never has to ask again.
 */
final class TicketSummary {

    private TicketSummary() {
    }

    static String write(String reason, @Nullable String orderName, @Nullable ShopifyOrder order, Sentiment sentiment,
                        String lastMessage, Instant now) {
        return write(reason, orderName, order, sentiment, lastMessage, now, 0, 0, null);
    }

    /**
     * The assistant's last reply before the handoff, as the summary tells it.
     *
     * @param source    where it came from: an FAQ item is named by its question, a "Did you mean …?" question by
     *                  the items it offered, an order status or a model's answer quoted
     * @param text      the reply's text
     * @param questions the questions of the FAQ items it cited, in order
     */
    record AssistantReply(AnswerSource source, String text, List<String> questions) {

        String sentence() {
            return switch (source) {
                case faq -> questions.isEmpty() ? said() : " Before this, the assistant answered from the FAQ item \"" + questions.get(0) + "\".";
                case clarify -> questions.isEmpty() ? "" : " Before this, the assistant asked whether they meant "
                        + String.join(" or ", questions.stream().map(q -> "\"" + q + "\"").toList()) + ".";
                case order_status, llm -> said();
            };
        }

        private String said() {
            return " Before this, the assistant said: \"" + excerpt(text) + "\".";
        }
    }

    /**
     * @param sentiment     the conversation's class, as the ticket shows it: negative adds "Customer is frustrated"
     * @param photos        images the shopper sent in the conversation
     * @param files         other files the shopper sent
     * @param assistantSaid the assistant's last reply before the handoff, or {@code null}
     */
    static String write(String reason, @Nullable String orderName, @Nullable ShopifyOrder order, Sentiment sentiment,
                        String lastMessage, Instant now, int photos, int files, @Nullable AssistantReply assistantSaid) {
        StringBuilder b = new StringBuilder();
        b.append(switch (reason) {
            case "damaged_item" -> "Customer reports a damaged item" + on(orderName) + quote(lastMessage);
            case "missing_package" -> "Customer reports a missing package" + on(orderName) + quote(lastMessage);
            case "wrong_item" -> "Customer received the wrong item" + on(orderName) + quote(lastMessage);
            case "refund_request" -> "Customer requests a refund" + on(orderName) + quote(lastMessage);
            case "chargeback" -> "Customer mentions a chargeback" + on(orderName) + quote(lastMessage);
            case "billing_dispute" -> "Customer disputes a charge" + on(orderName) + quote(lastMessage);
            default -> orderName != null ? "Customer asked about order " + orderName + "."
                    : "Customer wrote: \"" + excerpt(lastMessage) + "\".";
        });
        if (order != null) {
            b.append(' ').append(OrderStatusReply.summarySentence(order, now));
        }
        if (photos > 0 || files > 0) {
            b.append(" Customer sent ").append(photos > 0 ? photos + (photos == 1 ? " photo" : " photos") : "")
                    .append(photos > 0 && files > 0 ? " and " : "").append(files > 0 ? files + (files == 1 ? " file" : " files") : "").append('.');
        }
        if (assistantSaid != null) {
            b.append(assistantSaid.sentence());
        }
        String mood = sentiment == Sentiment.negative ? "Customer is frustrated" : null;
        String why = switch (reason) {
            case "human_requested" -> "requested human help";
            case "bad_rating" -> "rated the conversation as bad";
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

    /** @return the shopper's own words after the problem: {@code : "…".} */
    private static String quote(String lastMessage) {
        return lastMessage == null || lastMessage.isBlank() ? "." : ": \"" + excerpt(lastMessage) + "\".";
    }

    private static String on(@Nullable String orderName) {
        return orderName == null ? "" : " on order " + orderName;
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 140 ? oneLine : oneLine.substring(0, 137) + "...";
    }
}
