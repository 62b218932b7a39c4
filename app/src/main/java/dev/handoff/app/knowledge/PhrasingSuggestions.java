package dev.handoff.app.knowledge;

import dev.handoff.app.conversation.Message;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.security.ClientAddresses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What shoppers' "Did you mean …?" choices teach the FAQ (table {@code faq_phrasing_suggestions}). A choice
 * answers the shopper at once, but the question that led to it becomes a phrasing of the chosen item only when
 * a shopper on another network (an IPv4 address, an IPv6 /64: {@link ClientAddresses#NETWORK_SQL}), as another
 * contact, chooses the same item for the same question, or when the merchant accepts it in the knowledge base.
 * Until then it waits as a suggestion. So one visitor, however many conversations they open, cannot change what
 * the assistant answers for everyone.
 *
 * <p>Two questions are the same when they are equal ignoring case, punctuation and spacing, or when their
 * embeddings' cosine similarity reaches the model's {@link EmbeddingService.Similarities#sameQuestion} (the bar
 * the unanswered-questions list groups by). An item keeps at most {@value #MAX_PENDING_PER_ITEM} suggestions,
 * the newest. A suggestion goes with its item, and with the shopper's message (retention, erasure).
 */
@Singleton
public class PhrasingSuggestions {

    /** Suggestions an item keeps at most; the oldest are dropped first. */
    static final int MAX_PENDING_PER_ITEM = 20;
    /** Suggestions the knowledge base lists at most, newest first. */
    static final int MAX_LISTED = 100;

    private final JdbcOperations jdbc;
    private final KnowledgeService knowledge;
    private final FaqRepositories.Items items;
    private final EmbeddingService embeddings;
    private final Clock clock;

    PhrasingSuggestions(JdbcOperations jdbc, KnowledgeService knowledge, FaqRepositories.Items items, EmbeddingService embeddings, Clock clock) {
        this.jdbc = jdbc;
        this.knowledge = knowledge;
        this.items = items;
        this.embeddings = embeddings;
        this.clock = clock;
    }

    /** What became of a shopper's choice. */
    public enum Outcome {
        /** the question is now a phrasing of the item: a shopper on another network had chosen it for the same question */
        LEARNED,
        /** the question waits as a suggestion (new, or already suggested from this network or contact) */
        PENDING,
        /** nothing to learn: the item is gone, the text is empty or too long, or the item already has these words */
        IGNORED
    }

    /**
     * A suggested phrasing awaiting a second shopper or the merchant.
     *
     * @param id             the suggestion
     * @param itemId         the item the shopper chose
     * @param itemQuestion   that item's question
     * @param text           the shopper's question that led to the choice
     * @param conversationId the conversation it was asked in
     * @param createdAt      when the shopper chose (UTC)
     */
    @Serdeable
    public record Suggestion(UUID id, UUID itemId, String itemQuestion, String text, UUID conversationId, Instant createdAt) {
    }

    /**
     * Records that the shopper of {@code conversationId} chose {@code itemId} after asking {@code text}; learns it as a
     * phrasing of the item when a shopper on another network, as another contact, chose the item for the same question
     * before (that shopper's words are added, and the item is answerable with them when this transaction commits).
     *
     * @param messageId the shopper's message that led to the "Did you mean …?" question
     * @param vector    its embedding, or {@code null} to compute it
     */
    @Transactional
    public Outcome suggest(UUID storeId, UUID itemId, UUID conversationId, UUID messageId, String text, @Nullable float[] vector) {
        FaqItem item = items.findByIdAndStoreId(itemId, storeId).orElse(null);
        String clean = text == null ? "" : text.replace('\n', ' ').strip();
        if (item == null || clean.isEmpty() || clean.length() > KnowledgeService.MAX_QUESTION
                || item.phrasings().stream().anyMatch(p -> same(p, clean))) {
            return Outcome.IGNORED;
        }
        Asker asker = asker(conversationId);
        if (asker == null) {
            return Outcome.IGNORED;
        }
        float[] v = vector != null ? vector : embeddings.embed(clean);
        double bar = embeddings.similarities().sameQuestion();
        List<Pending> sameQuestion = pending(itemId).stream()
                .filter(p -> same(p.text(), clean) || p.vector() != null && EmbeddingService.cosine(v, p.vector()) >= bar).toList();
        Pending vouched = asker.network() == null ? null : sameQuestion.stream()
                .filter(p -> p.network() != null && !p.network().equals(asker.network()) && !p.contactId().equals(asker.contactId()))
                .findFirst().orElse(null);
        if (vouched != null && item.alternates().size() < KnowledgeService.MAX_ALTERNATES) {
            knowledge.addPhrasing(storeId, itemId, vouched.text());
            sameQuestion.forEach(p -> delete(p.id()));
            return Outcome.LEARNED;
        }
        if (!sameQuestion.isEmpty()) {
            return Outcome.PENDING; // already waiting: from this shopper, or for room in a full item
        }
        jdbc.prepareStatement("""
                INSERT INTO faq_phrasing_suggestions (id, store_id, item_id, message_id, contact_id, client_net, text, created_at)
                SELECT ?, ?, ?, ?, contact_id, %s, ?, ? FROM conversations WHERE id = ?""".formatted(ClientAddresses.NETWORK_SQL), s -> {
            s.setObject(1, UUID.randomUUID());
            s.setObject(2, storeId);
            s.setObject(3, itemId);
            s.setObject(4, messageId);
            s.setString(5, clean);
            s.setTimestamp(6, Timestamp.from(clock.instant()));
            s.setObject(7, conversationId);
            return s.executeUpdate();
        });
        jdbc.prepareStatement("""
                DELETE FROM faq_phrasing_suggestions WHERE id IN (
                  SELECT id FROM faq_phrasing_suggestions WHERE item_id = ? ORDER BY created_at DESC OFFSET ?)""", s -> {
            s.setObject(1, itemId);
            s.setInt(2, MAX_PENDING_PER_ITEM);
            return s.executeUpdate();
        });
        return Outcome.PENDING;
    }

    /** @return the store's suggestions, newest first, at most {@value #MAX_LISTED} */
    @Transactional
    public List<Suggestion> list(UUID storeId) {
        return jdbc.prepareStatement("""
                SELECT s.id, s.item_id, i.question, s.text, m.conversation_id, s.created_at FROM faq_phrasing_suggestions s
                JOIN faq_items i ON i.id = s.item_id JOIN messages m ON m.id = s.message_id
                WHERE s.store_id = ? ORDER BY s.created_at DESC, s.id LIMIT ?""", s -> {
            s.setObject(1, storeId);
            s.setInt(2, MAX_LISTED);
            List<Suggestion> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Suggestion(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3), r.getString(4),
                            r.getObject(5, UUID.class), r.getTimestamp(6).toInstant()));
                }
            }
            return out;
        });
    }

    /**
     * The merchant accepts a suggestion: its text becomes a phrasing of its item, answerable when this returns, and
     * the item's other suggestions with the same words go too.
     *
     * @return the item
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 for a suggestion not of this store (or gone),
     *         400 when the item already has {@value KnowledgeService#MAX_ALTERNATES} phrasings (the suggestion stays)
     */
    @Transactional
    public FaqItem accept(UUID storeId, UUID suggestionId) {
        Suggestion s = find(storeId, suggestionId);
        FaqItem item = knowledge.addPhrasing(storeId, s.itemId(), s.text());
        pending(s.itemId()).stream().filter(p -> same(p.text(), s.text())).forEach(p -> delete(p.id()));
        return item;
    }

    /**
     * The merchant dismisses a suggestion.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 for a suggestion not of this store (or gone)
     */
    @Transactional
    public void dismiss(UUID storeId, UUID suggestionId) {
        int deleted = jdbc.prepareStatement("DELETE FROM faq_phrasing_suggestions WHERE id = ? AND store_id = ?", s -> {
            s.setObject(1, suggestionId);
            s.setObject(2, storeId);
            return s.executeUpdate();
        });
        if (deleted == 0) {
            throw Problems.notFound("Suggested phrasing");
        }
    }

    private Suggestion find(UUID storeId, UUID suggestionId) {
        return jdbc.prepareStatement("""
                SELECT s.id, s.item_id, i.question, s.text, m.conversation_id, s.created_at FROM faq_phrasing_suggestions s
                JOIN faq_items i ON i.id = s.item_id JOIN messages m ON m.id = s.message_id
                WHERE s.id = ? AND s.store_id = ? FOR UPDATE OF s""", s -> {
            s.setObject(1, suggestionId);
            s.setObject(2, storeId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw Problems.notFound("Suggested phrasing");
                }
                return new Suggestion(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3), r.getString(4),
                        r.getObject(5, UUID.class), r.getTimestamp(6).toInstant());
            }
        });
    }

    /** Who asked: the conversation's contact and network ({@code null} when unknown, e.g. an email). */
    private record Asker(UUID contactId, @Nullable String network) {
    }

    private @Nullable Asker asker(UUID conversationId) {
        return jdbc.prepareStatement("SELECT contact_id, (%s)::text FROM conversations WHERE id = ?".formatted(ClientAddresses.NETWORK_SQL), s -> {
            s.setObject(1, conversationId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new Asker(r.getObject(1, UUID.class), r.getString(2)) : null;
            }
        });
    }

    private record Pending(UUID id, UUID contactId, @Nullable String network, String text, @Nullable float[] vector) {
    }

    /** @return the item's suggestions, oldest first, locked until the transaction ends (two choices at once take turns) */
    private List<Pending> pending(UUID itemId) {
        return jdbc.prepareStatement("""
                SELECT s.id, s.contact_id, s.client_net::text, s.text, m.embedding FROM faq_phrasing_suggestions s
                JOIN messages m ON m.id = s.message_id WHERE s.item_id = ? ORDER BY s.created_at, s.id FOR UPDATE OF s""", s -> {
            s.setObject(1, itemId);
            List<Pending> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Pending(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3), r.getString(4),
                            r.getBytes(5) == null ? null : Message.floats(r.getBytes(5))));
                }
            }
            return out;
        });
    }

    private void delete(UUID id) {
        jdbc.prepareStatement("DELETE FROM faq_phrasing_suggestions WHERE id = ?", s -> {
            s.setObject(1, id);
            return s.executeUpdate();
        });
    }

    /** @return whether two texts are the same words, ignoring case, punctuation and spacing */
    static boolean same(String a, String b) {
        return Objects.equals(words(a), words(b));
    }

    private static String words(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
