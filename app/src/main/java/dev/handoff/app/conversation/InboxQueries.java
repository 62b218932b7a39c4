package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Lists and counts a store's conversations for the inbox, search and reconciliation. Reads only. */
@Singleton
public class InboxQueries {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final ContactRepository contacts;

    InboxQueries(ConversationRepository conversations, MessageRepository messages, ContactRepository contacts) {
        this.conversations = conversations;
        this.messages = messages;
        this.contacts = contacts;
    }

    /**
     * Lists a store's conversations, newest activity first, with contact and last message.
     *
     * @param status    {@code null} for all
     * @param channel   {@code widget|gmail|outlook|imap}, or {@code null} for all; 400 problem for another value
     * @param hasDrafts {@code true}: only those with a draft waiting for review; {@code false}: only those without; {@code null}: all
     * @param limit     1..200
     */
    public List<ConversationSummary> list(UUID storeId, @Nullable ConversationStatus status, @Nullable String channel,
                                          @Nullable Boolean hasDrafts, int limit, int offset) {
        checkChannel(channel);
        return summarize(conversations.list(storeId, status == null ? null : status.name(), channel, hasDrafts,
                Math.max(1, Math.min(limit, 200)), Math.max(0, offset)));
    }

    /** @return the number of conversations and of those with unread messages per status, for the inbox tabs */
    public List<StatusCount> counts(UUID storeId, @Nullable String channel, @Nullable Boolean hasDrafts) {
        checkChannel(channel);
        return conversations.countByStatus(storeId, channel, hasDrafts);
    }

    private static void checkChannel(@Nullable String channel) {
        if (channel != null && !List.of("widget", "gmail", "outlook", "imap").contains(channel)) {
            throw Problems.badRequest("channel must be widget, gmail, outlook or imap");
        }
    }

    /** @return the store's conversations with these ids as inbox rows, keyed by id (unknown and foreign ids left out) */
    public Map<UUID, ConversationSummary> summaries(UUID storeId, List<UUID> ids) {
        Map<UUID, ConversationSummary> out = new HashMap<>();
        if (!ids.isEmpty()) {
            summarize(conversations.findByStoreIdAndIdIn(storeId, ids)).forEach(s -> out.put(s.id(), s));
        }
        return out;
    }

    /**
     * Keyword search in PostgreSQL ({@code to_tsvector('english', body_text) @@ plainto_tsquery}: every
     * word, stemmed, in one message) or the customer's email address (the whole text, any case), newest activity
     * first: the merchant search's fallback while the search backend is unavailable. {@code null} filters are ignored.
     *
     * @param to    last activity before (exclusive)
     * @param limit 1..100
     * @return ids of matching conversations of the store
     */
    public List<UUID> textSearch(UUID storeId, String text, @Nullable String channel, @Nullable String status,
                                 @Nullable Instant from, @Nullable Instant to, int limit, int offset) {
        return conversations.textSearch(storeId, text, channel, status, from, to, limit, offset).stream().map(Conversation::id).toList();
    }

    /** @return ids of conversations with a message at or after {@code since} (search reconciliation) */
    public List<UUID> idsActiveSince(Instant since) {
        return conversations.findIdsActiveSince(since);
    }

    private List<ConversationSummary> summarize(List<Conversation> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = page.stream().map(Conversation::id).toList();
        Map<UUID, Message> last = new HashMap<>();
        messages.findLastOf(ids).forEach(m -> last.put(m.conversationId(), m));
        Map<UUID, Contact> people = new HashMap<>();
        contacts.findByIdIn(page.stream().map(Conversation::contactId).distinct().toList()).forEach(c -> people.put(c.id(), c));
        return page.stream().map(c -> ConversationSummary.of(c, people.get(c.contactId()),
                Optional.ofNullable(last.get(c.id())).map(MessageView::of).orElse(null))).toList();
    }
}
