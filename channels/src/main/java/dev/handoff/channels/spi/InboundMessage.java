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
 */
public record InboundMessage(ChannelKind channel, String accountId, String providerMessageId, String threadKey,
                             Sender sender, String subject, String text, String html, List<Attachment> attachments,
                             Instant sentAt) {

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

    /**
     * A file sent with a message.
     *
     * @param filename    file name, or {@code null} when the message gave none
     * @param contentType MIME type, e.g. {@code image/jpeg}
     * @param content     the bytes (may be empty)
     */
    public record Attachment(String filename, String contentType, byte[] content) {
    }
}
