package dev.handoff.app.ingest;

import dev.handoff.app.assistant.AssistantQueue;
import dev.handoff.app.mailbox.ChannelAccount;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.Appended;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.ConversationLifecycle;
import dev.handoff.app.conversation.EmailMessages;
import dev.handoff.app.conversation.EmailThreading;
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
 * threaded into the sender's conversation ({@link EmailThreading#place}, the reason recorded), stored with its
 * attachments, and the assistant's turn enqueued, except for bounces and auto-replies (RFC 3834),
 * unreadable messages and messages with no text, which are recorded and never answered.
 */
@Singleton
public class EmailIngest {

    private final Contacts contacts;
    private final ConversationLifecycle lifecycle;
    private final EmailMessages emailMessages;
    private final EmailThreading threading;
    private final AssistantQueue assistant;

    EmailIngest(Contacts contacts, ConversationLifecycle lifecycle, EmailMessages emailMessages, EmailThreading threading,
                AssistantQueue assistant) {
        this.contacts = contacts;
        this.lifecycle = lifecycle;
        this.emailMessages = emailMessages;
        this.threading = threading;
        this.assistant = assistant;
    }

    /**
     * @return the stored message's conversation, or empty when the email was stored before
     */
    @Transactional
    public Optional<Conversation> receive(ChannelAccount account, InboundMessage email) {
        String key = email.providerMessageId();
        if (emailMessages.emailStored(account.storeId(), key)) {
            return Optional.empty();
        }
        InboundMessage.Email mail = email.email();
        String from = email.sender() == null ? null : email.sender().email();
        Contact contact = contacts.contactFor(account.storeId(), email.sender() == null ? null : email.sender().name(), from);
        EmailThreading.Placement placement = threading.place(new EmailThreading.Inbound(account.storeId(), account.id(),
                email.threadKey(), mail.inReplyTo(), mail.references(), contact.id(), email.subject(), email.automatic()));
        Conversation conversation = placement.conversation()
                .orElseGet(() -> lifecycle.open(account.storeId(), account.kind(), contact, null));
        EmailRecord record = new EmailRecord(null, account.storeId(), conversation.id(), account.id(), EmailRecord.INBOUND, key,
                mail.messageId(), mail.providerId(), email.threadKey(), email.subject(), String.join(" ", mail.inReplyTo()),
                String.join(" ", mail.references()), from, String.join(",", mail.to()), mail.quotedText(), mail.autoSubmitted(),
                mail.parseError(), mail.raw(), null, null, 0, email.sentAt());
        NewMessage message = new NewMessage(Author.customer, null, email.text(), email.html(), key, null, null, List.of(), null,
                email.sentAt());
        Appended appended = emailMessages.appendEmail(conversation, message, record, email.attachments());
        if (appended.created()) {
            threading.record(appended.message(), placement.threading());
        }
        boolean unreadable = mail.parseError() != null && mail.messageId() == null && mail.raw() != null;
        if (appended.created() && !email.automatic() && !unreadable && !email.text().isBlank()) {
            assistant.enqueue(appended.message().id(), appended.message().conversationId());
        }
        return Optional.of(conversation);
    }
}
