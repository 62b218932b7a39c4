package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as the shopper's widget sees it (no sentiment or other internal fields); built by {@link ShopperMessages}.
 *
 * @param id          message id
 * @param author      {@code customer|assistant|agent|system}
 * @param authorName  agent messages: the agent's first name; else {@code null}
 * @param text        plain text (the widget renders it escaped)
 * @param source      assistant answers: {@code order_status|faq|llm}; else {@code null}
 * @param citedFaqIds FAQ items an answer is grounded in
 * @param createdAt   creation time (UTC)
 * @param attachments files sent with it (download: {@code GET /api/widget/conversations/{id}/attachments/{attachmentId}?token=…})
 */
@Serdeable
public record ShopperMessageView(UUID id, Author author, @Nullable String authorName, String text, @Nullable AnswerSource source,
                                 List<UUID> citedFaqIds, Instant createdAt, List<MessageView.AttachmentView> attachments) {
}
