package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import dev.handoff.channels.spi.InboundMessage;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Files stored with messages (a shopper's photo, an agent's upload, an email's attachments). */
@Singleton
public class Attachments {

    private final EmailRepository emails;

    Attachments(EmailRepository emails) {
        this.emails = emails;
    }

    /** @return the store's attachment with its bytes; 404 problem when unknown */
    public Attachment attachment(UUID storeId, UUID attachmentId) {
        return emails.findAttachment(attachmentId, storeId).orElseThrow(() -> Problems.notFound("Attachment"));
    }

    /** @return a message's files with their bytes, in position order (what an outbound email carries) */
    public List<Attachment> ofMessage(UUID messageId) {
        return emails.attachmentsOfMessage(messageId);
    }

    /** @return the attachments of a conversation's messages, keyed by message id, each list in position order */
    public Map<UUID, List<Attachment>> ofConversation(UUID conversationId) {
        return emails.attachmentsOfConversation(conversationId).stream().collect(Collectors.groupingBy(Attachment::messageId));
    }

    /**
     * @return whether {@code message} was stored with exactly these files (same names, types and bytes, in order);
     *         used to tell a retried request from a new one under the same idempotency key
     */
    boolean sameFiles(Message message, List<InboundMessage.Attachment> files) {
        List<Attachment> stored = emails.attachmentsOfConversation(message.conversationId()).stream()
                .filter(a -> a.messageId().equals(message.id())).sorted(java.util.Comparator.comparingInt(Attachment::position)).toList();
        if (stored.size() != files.size()) {
            return false;
        }
        for (int i = 0; i < files.size(); i++) {
            var f = files.get(i);
            var a = stored.get(i);
            if (!java.util.Objects.equals(f.filename(), a.filename()) || f.content().length != a.sizeBytes()
                    || !java.util.Arrays.equals(f.content(), attachment(message.storeId(), a.id()).content())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stores files with a message, numbered in the given order (call inside the message's transaction).
     *
     * @return the stored rows
     */
    List<Attachment> store(Message message, List<InboundMessage.Attachment> files) {
        List<Attachment> stored = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            var a = files.get(i);
            Attachment row = new Attachment(UUID.randomUUID(), message.storeId(), message.id(), i, a.filename(), a.contentType(),
                    a.contentId(), a.content().length, a.content());
            emails.insertAttachment(row.id(), row.storeId(), row.messageId(), i, row.filename(), row.contentType(), row.contentId(),
                    row.sizeBytes(), row.content());
            stored.add(row);
        }
        return stored;
    }
}
