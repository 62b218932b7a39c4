package dev.handoff.app.conversation;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads a conversation as the dashboard and the widget show it: the thread with attachments, email records and notes. */
@Singleton
public class ConversationViews {

    private final ConversationLookup lookup;
    private final Contacts contacts;
    private final Attachments attachments;
    private final EmailRepository emails;
    private final NoteRepository notes;
    private final EmailThreading threading;

    ConversationViews(ConversationLookup lookup, Contacts contacts, Attachments attachments, EmailRepository emails, NoteRepository notes,
                      EmailThreading threading) {
        this.threading = threading;
        this.lookup = lookup;
        this.contacts = contacts;
        this.attachments = attachments;
        this.emails = emails;
        this.notes = notes;
    }

    /**
     * Reads a conversation with its contact and messages from one consistent snapshot (PostgreSQL
     * REPEATABLE READ), so the status and the thread never disagree while a turn commits.
     *
     * @return the conversation's detail; 404 problem when it is not the store's
     */
    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public ConversationDetail detail(UUID storeId, UUID conversationId) {
        Conversation c = lookup.require(storeId, conversationId);
        // email records come with email conversations only
        boolean widget = c.channel().equals("widget");
        Map<UUID, EmailRecord> email = widget ? Map.of()
                : emails.findByConversationId(c.id()).stream().collect(Collectors.toMap(EmailRecord::messageId, e -> e));
        Map<UUID, Threading> why = widget ? Map.of() : threading.ofConversation(c.id());
        Map<UUID, List<Attachment>> files = attachments.ofConversation(c.id());
        List<MessageView> thread = lookup.messages(c.id()).stream()
                .map(m -> MessageView.of(m, email.get(m.id()), files.getOrDefault(m.id(), List.of()), why.get(m.id()))).toList();
        MessageView last = thread.isEmpty() ? null : thread.get(thread.size() - 1);
        return new ConversationDetail(ConversationSummary.of(c, contacts.contactOf(c), last), thread,
                notes.findByConversationIdOrderByCreatedAt(c.id()));
    }

    /** @return the thread, oldest first, with each message's attachments (no email records: the shopper's widget view) */
    @Transactional(readOnly = true)
    public List<MessageView> thread(UUID conversationId) {
        Map<UUID, List<Attachment>> files = attachments.ofConversation(conversationId);
        return lookup.messages(conversationId).stream().map(m -> MessageView.of(m, null, files.getOrDefault(m.id(), List.of()))).toList();
    }

    /** @return the view of a stored message with its attachments (no email record) */
    @Transactional(readOnly = true)
    public MessageView viewWithAttachments(Message m) {
        return MessageView.of(m, null, attachments.ofConversation(m.conversationId()).getOrDefault(m.id(), List.of()));
    }
}
