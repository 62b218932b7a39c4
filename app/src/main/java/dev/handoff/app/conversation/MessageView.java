package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A message as the admin API and the realtime events show it.
 *
 * @param id             message id
 * @param conversationId its conversation
 * @param author         {@code customer|assistant|agent|system}
 * @param text           plain text
 * @param source         assistant messages: {@code order_status|faq|llm}; otherwise {@code null}
 * @param citedFaqIds    FAQ item ids the answer is grounded in (empty when none)
 * @param orderNumber    the order looked up, when any
 * @param sentiment      customer messages: {@code positive|neutral|negative} once classified
 * @param sentimentScore customer messages: score in [-1, 1]
 * @param createdAt      creation time (UTC, ISO-8601)
 */
@Serdeable
public record MessageView(UUID id, UUID conversationId, Author author, String text, @Nullable AnswerSource source,
                          List<UUID> citedFaqIds, @Nullable String orderNumber, @Nullable Sentiment sentiment,
                          @Nullable Double sentimentScore, Instant createdAt) {

    /** @return the view of a stored message */
    public static MessageView of(Message m) {
        List<UUID> cited = m.citedFaqIds().isEmpty() ? List.of()
                : Arrays.stream(m.citedFaqIds().split(",")).map(UUID::fromString).toList();
        return new MessageView(m.id(), m.conversationId(), m.author(), m.bodyText(), m.source(), cited,
                m.orderNumber(), m.sentiment(), m.sentimentScore(), m.createdAt());
    }
}
