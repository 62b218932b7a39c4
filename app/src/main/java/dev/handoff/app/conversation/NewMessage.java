package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.UUID;

/**
 * What a service hands to {@link MessageAppender#append} to store a message.
 *
 * @param author            who wrote it
 * @param agentId           agent, for agent messages
 * @param text              plain text
 * @param html              sanitised HTML, or {@code null}
 * @param providerMessageId channel id for deduplication, or {@code null}
 * @param idempotencyKey    client idempotency key, or {@code null}
 * @param source            assistant messages: answer source
 * @param citedFaqIds       assistant messages: cited FAQ items
 * @param orderNumber       the order the message is about, or {@code null}
 * @param writtenAt         when the author wrote it (an email's Date, clamped by the parser), or {@code null} for now;
 *                          the thread is ordered by it
 * @param autoSent          an assistant reply on email that went out without review (draft graduation)
 */
public record NewMessage(Author author, @Nullable UUID agentId, String text, @Nullable String html,
                         @Nullable String providerMessageId, @Nullable String idempotencyKey,
                         @Nullable AnswerSource source, List<UUID> citedFaqIds, @Nullable String orderNumber,
                         @Nullable java.time.Instant writtenAt, boolean autoSent) {

    /** A message that was not sent without review (every message but a graduated draft's). */
    public NewMessage(Author author, @Nullable UUID agentId, String text, @Nullable String html, @Nullable String providerMessageId,
                      @Nullable String idempotencyKey, @Nullable AnswerSource source, List<UUID> citedFaqIds, @Nullable String orderNumber,
                      @Nullable java.time.Instant writtenAt) {
        this(author, agentId, text, html, providerMessageId, idempotencyKey, source, citedFaqIds, orderNumber, writtenAt, false);
    }

    /** @return a customer message */
    public static NewMessage customer(String text, String providerMessageId, String idempotencyKey) {
        return new NewMessage(Author.customer, null, text, null, providerMessageId, idempotencyKey, null, List.of(), null, null);
    }

    /** @return an assistant reply */
    public static NewMessage assistant(String text, AnswerSource source, List<UUID> cited, String orderNumber) {
        return new NewMessage(Author.assistant, null, text, null, null, null, source, cited, orderNumber, null);
    }

    /** @return an agent reply */
    public static NewMessage agent(UUID agentId, String text, String idempotencyKey) {
        return new NewMessage(Author.agent, agentId, text, null, null, idempotencyKey, null, List.of(), null, null);
    }

    /** @return a system notice (status changes and the like) */
    public static NewMessage system(String text) {
        return new NewMessage(Author.system, null, text, null, null, null, null, List.of(), null, null);
    }
}
