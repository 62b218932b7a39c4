package dev.handoff.app.ingest;

import dev.handoff.app.assistant.AssistantQueue;
import dev.handoff.app.mailbox.ChannelAccount;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationService;
import dev.handoff.app.conversation.EmailRecord;
import dev.handoff.app.conversation.NewMessage;
import dev.handoff.channels.spi.InboundMessage;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * Lands inbound emails in the conversation model, in the caller's transaction: deduplicated by
 * Message-ID across the store (a re-sync, a second label, a copy in two mailboxes are stored once),
 * threaded into the sender's conversation ({@link ConversationService#emailThread}), stored with its
 * attachments, and the assistant's turn enqueued, except for bounces and auto-replies (RFC 3834),
 * unreadable messages and messages with no text, which are recorded and never answered.
 */
@Singleton
public class EmailIngest {

    private final ConversationService conversations;
    private final AssistantQueue assistant;

    EmailIngest(ConversationService conversations, AssistantQueue assistant) {
        this.conversations = conversations;
        this.assistant = assistant;
    }

    /**
     * @return the stored message's conversation, or empty when the email was stored before
     */
    @Transactional
    public Optional<Conversation> receive(ChannelAccount account, InboundMessage email) {
        String key = email.providerMessageId();
        if (conversations.emailStored(account.storeId(), key)) {
            return Optional.empty();
        }
        InboundMessage.Email mail = email.email();
        String from = email.sender() == null ? null : email.sender().email();
        Contact contact = conversations.contactFor(account.storeId(), email.sender() == null ? null : email.sender().name(), from);
        Conversation conversation = conversations.emailThread(account.storeId(), account.id(), email.threadKey(), mail.inReplyTo(),
                        mail.references(), contact.id())
                .orElseGet(() -> conversations.open(account.storeId(), account.kind(), contact, null));
        EmailRecord record = new EmailRecord(null, account.storeId(), conversation.id(), account.id(), EmailRecord.INBOUND, key,
                mail.messageId(), mail.providerId(), email.threadKey(), email.subject(), String.join(" ", mail.inReplyTo()),
                String.join(" ", mail.references()), from, String.join(",", mail.to()), mail.quotedText(), mail.autoSubmitted(),
                mail.parseError(), mail.raw(), null, null, 0, email.sentAt());
        NewMessage message = new NewMessage(Author.customer, null, email.text(), email.html(), key, null, null, List.of(), null,
                email.sentAt());
        ConversationService.Appended appended = conversations.appendEmail(conversation, message, record, email.attachments());
        boolean unreadable = mail.parseError() != null && mail.messageId() == null && mail.raw() != null;
        if (appended.created() && !email.automatic() && !unreadable && !email.text().isBlank()) {
            assistant.enqueue(appended.message().id());
        }
        return Optional.of(conversation);
    }
}
