package dev.handoff.app.conversation;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Erases a shopper's personal data on request (GDPR). */
@Singleton
public class ContactErasure {

    private final ContactRepository contacts;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final EmailRepository emails;
    private final ApplicationEventPublisher<ConversationChanged> changed;

    ContactErasure(ContactRepository contacts, ConversationRepository conversations, MessageRepository messages, EmailRepository emails,
                   ApplicationEventPublisher<ConversationChanged> changed) {
        this.contacts = contacts;
        this.conversations = conversations;
        this.messages = messages;
        this.emails = emails;
        this.changed = changed;
    }

    /**
     * Erases a shopper's personal data in a store (a GDPR erasure request, e.g. Shopify's
     * {@code customers/redact}): the contact with this email loses name and email, and the text of
     * every message they wrote is replaced, with their emails' subjects, addresses, quoted history, raw
     * copies and attachments, and the FAQ phrasings their questions suggested go; conversations, replies
     * and tickets stay for the record.
     *
     * @return conversations redacted
     */
    @Transactional
    public int redactContact(UUID storeId, String email) {
        Optional<Contact> contact = email == null || email.isBlank() ? Optional.empty() : contacts.findByEmail(storeId, email);
        if (contact.isEmpty()) {
            return 0;
        }
        contacts.anonymise(contact.get().id());
        messages.deletePhrasingSuggestions(contact.get().id());
        List<UUID> ids = conversations.findIdsByContact(contact.get().id());
        for (UUID id : ids) {
            messages.redactCustomerMessages(id, "[removed at the customer's request]");
            emails.redactInbound(id);
            emails.deleteCustomerAttachments(id);
            changed.publishEvent(new ConversationChanged(id));
        }
        return ids.size();
    }
}
