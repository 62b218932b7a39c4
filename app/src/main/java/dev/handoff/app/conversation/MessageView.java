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
 * @param subject        email messages: the subject, else {@code null}
 * @param html           email messages: sanitised HTML (remote images in {@code data-remote-src}), else {@code null}
 * @param attachments    files that came with it (metadata; the bytes at {@code …/attachments/{id}})
 * @param email          email messages: sender, recipients, quoted history, delivery; else {@code null}
 * @param agentId        agent messages: the agent who wrote it, else {@code null}
 * @param threading      inbound email in the agents' view: why it was placed in this conversation ({@link Threading}), else {@code null}
 * @param language       customer messages: ISO 639-1 code of the language it is written in once detected, else {@code null}
 * @param autoSent       assistant replies on email: {@code true} when it went out without review (its kind of draft
 *                       graduated), {@code false} for a draft an agent approved and every other message
 */
@Serdeable
public record MessageView(UUID id, UUID conversationId, Author author, String text, @Nullable AnswerSource source,
                          List<UUID> citedFaqIds, @Nullable String orderNumber, @Nullable Sentiment sentiment,
                          @Nullable Double sentimentScore, Instant createdAt, @Nullable String subject, @Nullable String html,
                          List<AttachmentView> attachments, @Nullable EmailView email, @Nullable UUID agentId,
                          @Nullable Threading threading, @Nullable String language, boolean autoSent) {

    /** @return the view of a stored message (without its email details) */
    public static MessageView of(Message m) {
        return of(m, null, List.of());
    }

    /** @return the view of a stored message with its email record (or {@code null}) and attachments */
    public static MessageView of(Message m, @Nullable EmailRecord email, List<Attachment> attachments) {
        return of(m, email, attachments, null);
    }

    /** @return the view of a stored message with its email record, attachments and threading decision (each may be absent) */
    public static MessageView of(Message m, @Nullable EmailRecord email, List<Attachment> attachments, @Nullable Threading threading) {
        List<UUID> cited = m.citedFaqIds().isEmpty() ? List.of()
                : Arrays.stream(m.citedFaqIds().split(",")).map(UUID::fromString).toList();
        return new MessageView(m.id(), m.conversationId(), m.author(), m.bodyText(), m.source(), cited,
                m.orderNumber(), m.sentiment(), m.sentimentScore(), m.createdAt(), email == null ? null : email.subject(),
                m.bodyHtml(), attachments.stream().map(AttachmentView::of).toList(), email == null ? null : EmailView.of(email), m.agentId(),
                threading, m.language(), m.autoSent());
    }

    /**
     * An attachment's metadata.
     *
     * @param id          attachment id (download: {@code GET /api/stores/{storeId}/attachments/{id}})
     * @param filename    file name, or {@code null}
     * @param contentType MIME type
     * @param contentId   Content-ID an HTML body refers to as {@code cid:}, or {@code null}
     * @param sizeBytes   size in bytes
     */
    @Serdeable
    public record AttachmentView(UUID id, @Nullable String filename, String contentType, @Nullable String contentId, int sizeBytes) {
        static AttachmentView of(Attachment a) {
            return new AttachmentView(a.id(), a.filename(), a.contentType(), a.contentId(), a.sizeBytes());
        }
    }

    /**
     * What agents see of an email beyond its text.
     *
     * @param direction      {@code inbound|outbound}
     * @param from           sender address, or {@code null} when unreadable
     * @param to             recipients
     * @param messageId      RFC 5322 Message-ID
     * @param quotedText     the quoted history and signature the assistant did not read
     * @param automatic      a bounce or auto-reply (never answered)
     * @param parseError     why the message could not be read completely, or {@code null}; the raw message is kept
     * @param deliveryStatus outbound: {@code queued|sent|failed}
     * @param deliveryError  outbound: the last delivery error, or {@code null}
     */
    @Serdeable
    public record EmailView(String direction, @Nullable String from, List<String> to, @Nullable String messageId, String quotedText,
                            boolean automatic, @Nullable String parseError, @Nullable String deliveryStatus, @Nullable String deliveryError) {
        static EmailView of(EmailRecord e) {
            return new EmailView(e.direction(), e.fromEmail(), e.toEmails().isBlank() ? List.of() : List.of(e.toEmails().split(",")),
                    e.rfcMessageId(), e.quotedText(), e.autoSubmitted(), e.parseError(), e.deliveryStatus(), e.deliveryError());
        }
    }
}
