package dev.handoff.channels.spi;

import java.util.List;
import java.util.Objects;

/**
 * A reply to a shopper, sent or drafted through a {@link Mailbox}.
 *
 * @param fromName        the display name to send as (the store's name), or {@code null}
 * @param to              the shopper's address
 * @param subject         subject; {@code "Re: "} is added when missing on a reply (a message naming nothing it answers,
 *                        such as a transcript, keeps its subject)
 * @param text            the plain-text body
 * @param messageId       the RFC 5322 Message-ID to send with (without angle brackets)
 * @param inReplyTo       the Message-ID answered, or {@code null}
 * @param references      the References chain, oldest first (RFC 5322 §3.6.4)
 * @param threadKey       the provider's thread (Gmail threadId, Graph conversationId), or {@code null}
 * @param replyToProviderId the provider's id of the message answered (Graph {@code createReply} needs it), or {@code null}
 * @param files           files sent with the reply, in order (an image with a Content-ID goes inline, the rest as attachments)
 */
public record OutboundEmail(String fromName, String to, String subject, String text, String messageId, String inReplyTo,
                            List<String> references, String threadKey, String replyToProviderId, List<File> files) {

    /**
     * A file sent with a reply.
     *
     * @param filename    file name shown to the shopper
     * @param contentType MIME type
     * @param contentId   RFC 2392 Content-ID for an inline image, or {@code null} for an attachment
     * @param content     the bytes
     */
    public record File(String filename, String contentType, String contentId, byte[] content) {

        public File {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
        }

        /** @return whether it goes inline (an image the body shows) rather than as an attachment */
        public boolean inline() {
            return contentId != null && contentType.startsWith("image/");
        }
    }

    /** A reply without files. */
    public OutboundEmail(String fromName, String to, String subject, String text, String messageId, String inReplyTo,
                         List<String> references, String threadKey, String replyToProviderId) {
        this(fromName, to, subject, text, messageId, inReplyTo, references, threadKey, replyToProviderId, List.of());
    }

    public OutboundEmail {
        files = files == null ? List.of() : List.copyOf(files);
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(messageId, "messageId");
        references = references == null ? List.of() : List.copyOf(references);
        boolean reply = inReplyTo != null || !references.isEmpty() || threadKey != null || replyToProviderId != null;
        subject = subject == null || subject.isBlank() ? (reply ? "Re: your message" : "Your message")
                : !reply || subject.regionMatches(true, 0, "re:", 0, 3) ? subject : "Re: " + subject;
    }
}
