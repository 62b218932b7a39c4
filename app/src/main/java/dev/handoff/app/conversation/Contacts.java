package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Shoppers as contacts: one contact per email in a store, across channels. */
@Singleton
public class Contacts {

    private final ContactRepository contacts;
    private final ConversationRepository conversations;
    private final ApplicationEventPublisher<ConversationChanged> changed;
    private final Clock clock;

    Contacts(ContactRepository contacts, ConversationRepository conversations, ApplicationEventPublisher<ConversationChanged> changed,
             Clock clock) {
        this.contacts = contacts;
        this.conversations = conversations;
        this.changed = changed;
        this.clock = clock;
    }

    /**
     * Finds or creates the contact with this email in the store (emails match case-insensitively);
     * without an email a new anonymous contact is created.
     */
    @Transactional
    public Contact contactFor(UUID storeId, @Nullable String name, @Nullable String email) {
        if (email != null) {
            Optional<Contact> existing = contacts.findByEmail(storeId, email);
            if (existing.isPresent()) {
                if (name != null) {
                    contacts.setNameIfMissing(existing.get().id(), name);
                }
                return existing.get();
            }
        }
        return contacts.save(new Contact(UUID.randomUUID(), storeId, name, email, clock.instant()));
    }

    /** @return the contact of a conversation; 404 problem when it is gone */
    public Contact contactOf(Conversation conversation) {
        return contacts.findById(conversation.contactId()).orElseThrow(() -> Problems.notFound("Contact"));
    }

    /**
     * Records an email an anonymous shopper typed in a message: when the store already has a contact
     * with that email the conversation moves to that contact (one contact per email across
     * channels); otherwise the anonymous contact gets the email.
     */
    @Transactional
    public void rememberEmail(Conversation conversation, String email) {
        Optional<Contact> known = contacts.findByEmail(conversation.storeId(), email);
        if (known.isPresent()) {
            if (!known.get().id().equals(conversation.contactId())) {
                conversations.updateContact(conversation.id(), known.get().id());
            }
        } else {
            contacts.setEmailIfMissing(conversation.contactId(), email);
        }
        changed.publishEvent(new ConversationChanged(conversation.id()));
    }
}
