package dev.handoff.channels.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message from a shopper, normalised by a channel adapter; the app's ingest threads it into a
 * conversation and stores it.
 *
 * @param channel           the channel it arrived on
 * @param accountId         the channel account (mailbox, widget key) it arrived at
 * @param providerMessageId the provider's id, used to store a redelivered message once; {@code null} when the channel has none
 * @param threadKey         the provider's thread (Gmail threadId, Graph conversationId, widget conversation id), or {@code null}
 * @param sender            who wrote it
 * @param subject           email subject, or {@code null}
 * @param text              readable plain text, never {@code null}
 * @param html              sanitised HTML, or {@code null}
 * @param attachments       attachments in message order
 * @param sentAt            when the sender sent it (UTC)
 * @param email             email channels: the headers and parts threading and review need; {@code null} for the widget
 */
public record InboundMessage(ChannelKind channel, String accountId, String providerMessageId, String threadKey,
                             Sender sender, String subject, String text, String html, List<Attachment> attachments,
                             Instant sentAt, Email email) {

    public InboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(text, "text");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /**
     * The shopper.
     *
     * @param name  display name, or {@code null}
     * @param email address, or {@code null} (anonymous widget visitor)
     */
    public record Sender(String name, String email) {
    }

    /** @return whether this is an automatic message (bounce, auto-reply) that must never be answered */
    public boolean automatic() {
        return email != null && email.autoSubmitted();
    }

    /**
     * A file sent with a message.
     *
     * @param filename    file name, or {@code null} when the message gave none
     * @param contentType MIME type, e.g. {@code image/jpeg}
     * @param contentId   the RFC 2392 Content-ID (without angle brackets) an HTML body refers to as {@code cid:}, or {@code null}
     * @param content     the bytes (may be empty)
     */
    public record Attachment(String filename, String contentType, String contentId, byte[] content) {
    }

    /**
     * What an email carries beyond the text (RFC 5322 headers, the quoted history, the raw message when it could not be read).
     *
     * @param providerId   the provider's own id (Gmail message id, Graph message id, IMAP {@code uidvalidity:uid})
     * @param messageId    the RFC 5322 Message-ID without angle brackets, or {@code null} when the message has none
     * @param inReplyTo    In-Reply-To ids, without angle brackets
     * @param references   References ids, oldest first, without angle brackets
     * @param to           recipient addresses (To and Cc)
     * @param quotedText   the quoted history and signature separated from {@code text}, or {@code ""}
     * @param autoSubmitted a bounce or auto-reply (RFC 3834 Auto-Submitted, RFC 6522 multipart/report, Precedence, X-Autoreply)
     * @param parseError   why the message could not be read completely, or {@code null}
     * @param raw          the message as received when {@code parseError} is set (kept so nothing is lost), else {@code null}
     */
    public record Email(String providerId, String messageId, List<String> inReplyTo, List<String> references, List<String> to,
                        String quotedText, boolean autoSubmitted, String parseError, byte[] raw) {
        public Email {
            inReplyTo = inReplyTo == null ? List.of() : List.copyOf(inReplyTo);
            references = references == null ? List.of() : List.copyOf(references);
            to = to == null ? List.of() : List.copyOf(to);
            quotedText = quotedText == null ? "" : quotedText;
        }
    }
}
