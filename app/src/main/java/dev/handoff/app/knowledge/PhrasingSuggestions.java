package dev.handoff.app.knowledge;

import dev.handoff.app.conversation.Message;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.search.EmbeddingService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What shoppers' "Did you mean …?" choices teach the FAQ (table {@code faq_phrasing_suggestions}). A choice
 * answers the shopper at once, but the question that led to it becomes a phrasing of the chosen item only when
 * a shopper on another network ({@link #NETWORK_SQL}: an IPv4 /24, an IPv6 /48), as another contact, chooses the
 * same item for the same question within {@link #KEEP_NETWORKS}, or when the merchant accepts it in the knowledge
 * base. Until then it waits as a suggestion. So a visitor on one network, however many conversations they open,
 * cannot change what the assistant answers for everyone; the merchant sees every learned phrasing on its item.
 *
 * <p>Two questions are the same when they are equal ignoring case, punctuation and spacing, or when their
 * embeddings' cosine similarity reaches the model's {@link EmbeddingService.Similarities#sameQuestion} (the bar
 * the unanswered-questions list groups by); the question learned is the first shopper's. One network (or, without
 * one, one contact) keeps at most {@value #MAX_PENDING_PER_ASKER} suggestions a store, further ones are dropped; an
 * item keeps its {@value #MAX_PENDING_PER_ITEM} newest. A suggestion's network is forgotten after
 * {@link #KEEP_NETWORKS}, as conversations' addresses are; it then waits for the merchant. A suggestion goes with
 * its item and with the shopper's message (retention), and with the shopper (erasure).
 */
@Singleton
public class PhrasingSuggestions {

    /** Suggestions an item keeps at most; the oldest are dropped first. */
    static final int MAX_PENDING_PER_ITEM = 20;
    /** Suggestions one network (or contact, without a network) keeps at most in a store; more are dropped. */
    static final int MAX_PENDING_PER_ASKER = 3;
    /** Suggestions the knowledge base lists at most, newest first. */
    static final int MAX_LISTED = 100;
    /** How long a suggestion keeps its network (then it can no longer be confirmed by a second shopper). */
    static final Duration KEEP_NETWORKS = Duration.ofDays(7);
    /**
     * SQL for the network a conversation's {@code client_ip} counts under here: an IPv4 /24 or an IPv6 /48, wider than
     * the rate limits' address or /64, so that one subscriber's addresses (a phone and its Wi-Fi aside) count once.
     */
    static final String NETWORK_SQL = "network(set_masklen(client_ip, CASE WHEN family(client_ip) = 6 THEN 48 ELSE 24 END))";

    private final JdbcOperations jdbc;
    private final KnowledgeService knowledge;
    private final FaqRepositories.Items items;
    private final EmbeddingService embeddings;
    private final Clock clock;

    PhrasingSuggestions(JdbcOperations jdbc, KnowledgeService knowledge, FaqRepositories.Items items, EmbeddingService embeddings,
                        Clock clock) {
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
        /**
         * the question waits as a suggestion: a new one, or one this network or contact made already (their second
         * vote), or one the item has no room to learn yet
         */
        PENDING,
        /**
         * nothing to learn: the item or the conversation is gone, the text is empty or too long, the item already has
         * these words, or this network or contact has {@value #MAX_PENDING_PER_ASKER} suggestions waiting
         */
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
     * Records that the shopper of {@code conversationId} chose {@code itemId} after asking {@code text}; learns the
     * question as a phrasing of the item when a shopper on another network, as another contact, chose the item for
     * the same question before (the first shopper's words are added, answerable when this transaction commits).
     * Choices of one item take turns (its row is locked).
     *
     * @param messageId the shopper's message that led to the "Did you mean …?" question
     * @param vector    its embedding, or {@code null} to compute it
     */
    @Transactional
    public Outcome suggest(UUID storeId, UUID itemId, UUID conversationId, UUID messageId, String text, @Nullable float[] vector) {
        FaqItem item = items.lock(itemId, storeId).orElse(null); // choices of one item take turns
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
        if (sameQuestion.stream().anyMatch(asker::asked)) {
            return Outcome.PENDING; // their second vote counts once
        }
        Pending vouched = asker.network() == null ? null : sameQuestion.stream()
                .filter(p -> p.network() != null && !p.contactId().equals(asker.contactId())).findFirst().orElse(null);
        if (vouched != null && item.alternates().size() < KnowledgeService.MAX_ALTERNATES) {
            knowledge.addPhrasing(storeId, itemId, vouched.text());
            sameQuestion.forEach(p -> delete(p.id()));
            return Outcome.LEARNED;
        }
        if (waiting(storeId, asker) >= MAX_PENDING_PER_ASKER) {
            return Outcome.IGNORED;
        }
        jdbc.prepareStatement("""
                INSERT INTO faq_phrasing_suggestions (id, store_id, item_id, message_id, contact_id, client_net, text, created_at)
                SELECT ?, ?, ?, ?, contact_id, %s, ?, ? FROM conversations WHERE id = ?""".formatted(NETWORK_SQL), s -> {
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
                  SELECT id FROM faq_phrasing_suggestions WHERE item_id = ? ORDER BY created_at DESC, id OFFSET ?)""", s -> {
            s.setObject(1, itemId);
            s.setInt(2, MAX_PENDING_PER_ITEM);
            return s.executeUpdate();
        });
        return Outcome.PENDING;
    }

    /** @return the store's suggestions, newest first, at most {@value #MAX_LISTED} */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Suggestion> list(UUID storeId) {
        return jdbc.prepareStatement(SELECT + " WHERE s.store_id = ? ORDER BY s.created_at DESC, s.id LIMIT ?", s -> {
            s.setObject(1, storeId);
            s.setInt(2, MAX_LISTED);
            List<Suggestion> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(suggestion(r));
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
        items.lock(s.itemId(), storeId);
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

    /** Every hour: suggestions older than {@link #KEEP_NETWORKS} forget their network. */
    @Scheduled(fixedDelay = "1h", initialDelay = "1m")
    @Transactional
    void forgetNetworks() {
        forgetNetworks(clock.instant().minus(KEEP_NETWORKS));
    }

    /** @return suggestions made before {@code before} whose network was forgotten now */
    @Transactional
    int forgetNetworks(Instant before) {
        return jdbc.prepareStatement("UPDATE faq_phrasing_suggestions SET client_net = NULL WHERE client_net IS NOT NULL AND created_at < ?", s -> {
            s.setTimestamp(1, Timestamp.from(before));
            return s.executeUpdate();
        });
    }

    private static final String SELECT = """
            SELECT s.id, s.item_id, i.question, s.text, m.conversation_id, s.created_at FROM faq_phrasing_suggestions s
            JOIN faq_items i ON i.id = s.item_id JOIN messages m ON m.id = s.message_id""";

    private static Suggestion suggestion(ResultSet r) throws java.sql.SQLException {
        return new Suggestion(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3), r.getString(4),
                r.getObject(5, UUID.class), r.getTimestamp(6).toInstant());
    }

    private Suggestion find(UUID storeId, UUID suggestionId) {
        return jdbc.prepareStatement(SELECT + " WHERE s.id = ? AND s.store_id = ?", s -> {
            s.setObject(1, suggestionId);
            s.setObject(2, storeId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw Problems.notFound("Suggested phrasing");
                }
                return suggestion(r);
            }
        });
    }

    /** Who asked: the conversation's contact and network ({@code null} when unknown: an email, or forgotten). */
    private record Asker(UUID contactId, @Nullable String network) {
        boolean asked(Pending p) {
            return p.contactId().equals(contactId) || network != null && network.equals(p.network());
        }
    }

    private @Nullable Asker asker(UUID conversationId) {
        return jdbc.prepareStatement("SELECT contact_id, (%s)::text FROM conversations WHERE id = ?".formatted(NETWORK_SQL), s -> {
            s.setObject(1, conversationId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new Asker(r.getObject(1, UUID.class), r.getString(2)) : null;
            }
        });
    }

    /** @return the suggestions waiting in the store from the asker's network, or from their contact when it has none */
    private int waiting(UUID storeId, Asker asker) {
        return jdbc.prepareStatement(asker.network() != null
                ? "SELECT count(*) FROM faq_phrasing_suggestions WHERE store_id = ? AND client_net = CAST(? AS cidr)"
                : "SELECT count(*) FROM faq_phrasing_suggestions WHERE store_id = ? AND contact_id = ?", s -> {
            s.setObject(1, storeId);
            if (asker.network() != null) {
                s.setString(2, asker.network());
            } else {
                s.setObject(2, asker.contactId());
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    private record Pending(UUID id, UUID contactId, @Nullable String network, String text, @Nullable float[] vector) {
    }

    /** @return the item's suggestions, oldest first */
    private List<Pending> pending(UUID itemId) {
        return jdbc.prepareStatement("""
                SELECT s.id, s.contact_id, s.client_net::text, s.text, m.embedding FROM faq_phrasing_suggestions s
                JOIN messages m ON m.id = s.message_id WHERE s.item_id = ? ORDER BY s.created_at, s.id""", s -> {
            s.setObject(1, itemId);
            List<Pending> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byte[] embedding = r.getBytes(5);
                    out.add(new Pending(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3), r.getString(4),
                            embedding == null ? null : Message.floats(embedding)));
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
