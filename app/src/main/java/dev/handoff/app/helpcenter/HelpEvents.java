package dev.handoff.app.helpcenter;

import dev.handoff.app.conversation.Message;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What shoppers do in the help center, one row of {@code help_events} each: item views, finished searches,
 * "Did this answer your question?" answers, visits of a help page by a browser with scripts, and
 * conversations started by a help session. A session id is a random string the browser keeps (the widget
 * and the help page share {@code localStorage["handoff:help:session"]} on one origin); requests without
 * scripts carry none.
 *
 * <p>Searches typed letter by letter are one search: within {@link #SAME_SEARCH} a session's search that
 * extends or shortens its previous query replaces it, so "ret", "retu", "return" is recorded once as
 * "return".
 *
 * <p>Views, visits, searches and conversations are recorded on the shopper's request path (every page and
 * search), so they commit asynchronously ({@code SET LOCAL synchronous_commit = off}, PostgreSQL's
 * per-transaction asynchronous commit): the request does not wait for the WAL flush; a database crash may
 * lose the last fraction of a second of these counts (at most three times {@code wal_writer_delay}), never
 * corrupt them. Nothing a shopper submits rides on it: feedback (a form the shopper sends) commits
 * synchronously as every other write.
 */
@Singleton
public class HelpEvents {

    /** How long after a session's search a longer or shorter query counts as the same search being typed. */
    static final Duration SAME_SEARCH = Duration.ofSeconds(30);
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9-]{8,64}");

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    HelpEvents(JdbcOperations jdbc, TransactionOperations<Connection> transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @return the session id when it is a well-formed one (8..64 letters, digits, dashes), else {@code null} */
    static @Nullable String session(@Nullable String session) {
        return session != null && SESSION.matcher(session).matches() ? session : null;
    }

    /** Records that an item was opened. */
    public void view(UUID storeId, UUID itemId, @Nullable String session) {
        insert(storeId, session(session), "view", itemId, null, null, null, null);
    }

    /** Records a help page shown to a browser with scripts (it marks the session as a help session). */
    public void visit(UUID storeId, String session) {
        insert(storeId, session(session), "visit", null, null, null, null, null);
    }

    /** Records that a help session started a conversation (the widget tells after its first message). */
    public void conversation(UUID storeId, String session) {
        insert(storeId, session(session), "conversation", null, null, null, null, null);
    }

    /** Records a "Did this answer your question?" answer. */
    public void feedback(UUID storeId, UUID itemId, boolean helpful, @Nullable String session) {
        insert(storeId, session(session), "feedback", itemId, null, null, helpful, null);
    }

    /**
     * Records a search, or replaces the session's previous one when this continues typing it.
     *
     * @param vector the query's embedding, kept only when nothing was found (for the unanswered questions)
     */
    public void search(UUID storeId, String query, int results, @Nullable float[] vector, @Nullable String session) {
        String s = session(session);
        byte[] embedding = results == 0 && vector != null ? Message.bytes(vector) : null;
        transactions.executeWrite(status -> jdbc.execute(c -> {
            asynchronousCommit(c);
            if (s != null) {
                try (PreparedStatement p = c.prepareStatement("""
                        UPDATE help_events SET query = ?, results = ?, embedding = ?, created_at = ?
                        WHERE id = (SELECT id FROM help_events WHERE store_id = ? AND session_id = ? AND kind = 'search'
                                    AND created_at > ? ORDER BY created_at DESC LIMIT 1)
                          AND (starts_with(?, query) OR starts_with(query, ?))""")) {
                    Instant now = clock.instant();
                    p.setString(1, query);
                    p.setInt(2, results);
                    p.setBytes(3, embedding);
                    p.setTimestamp(4, Timestamp.from(now));
                    p.setObject(5, storeId);
                    p.setString(6, s);
                    p.setTimestamp(7, Timestamp.from(now.minus(SAME_SEARCH)));
                    p.setString(8, query);
                    p.setString(9, query);
                    if (p.executeUpdate() > 0) {
                        return null;
                    }
                }
            }
            insert(c, storeId, s, "search", null, query, results, null, embedding);
            return null;
        }));
    }

    private void insert(UUID storeId, @Nullable String session, String kind, @Nullable UUID itemId, @Nullable String query,
                        @Nullable Integer results, @Nullable Boolean helpful, @Nullable byte[] embedding) {
        transactions.executeWrite(status -> jdbc.execute(c -> {
            if (!"feedback".equals(kind)) {
                asynchronousCommit(c);
            }
            insert(c, storeId, session, kind, itemId, query, results, helpful, embedding);
            return null;
        }));
    }

    /** This transaction's commit does not wait for its WAL record to reach disk (see the class comment). */
    private static void asynchronousCommit(Connection c) throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET LOCAL synchronous_commit = off");
        }
    }

    private void insert(Connection c, UUID storeId, @Nullable String session, String kind, @Nullable UUID itemId,
                        @Nullable String query, @Nullable Integer results, @Nullable Boolean helpful,
                        @Nullable byte[] embedding) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO help_events (store_id, session_id, kind, item_id, query, results, helpful, embedding, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            p.setObject(1, storeId);
            p.setString(2, session);
            p.setString(3, kind);
            p.setObject(4, itemId);
            p.setString(5, query);
            if (results == null) {
                p.setNull(6, Types.INTEGER);
            } else {
                p.setInt(6, results);
            }
            if (helpful == null) {
                p.setNull(7, Types.BOOLEAN);
            } else {
                p.setBoolean(7, helpful);
            }
            p.setBytes(8, embedding);
            p.setTimestamp(9, Timestamp.from(clock.instant()));
            p.executeUpdate();
        }
    }

    /**
     * The store's most viewed published items of the last 30 days.
     *
     * @return item ids, most viewed first, at most {@code limit}
     */
    public List<UUID> mostViewed(UUID storeId, int limit) {
        return transactions.executeRead(status -> jdbc.execute(c -> {
            List<UUID> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT e.item_id FROM help_events e JOIN faq_items i ON i.id = e.item_id AND i.published
                    WHERE e.store_id = ? AND e.kind = 'view' AND e.created_at >= ?
                    GROUP BY e.item_id ORDER BY count(*) DESC, e.item_id LIMIT ?""")) {
                p.setObject(1, storeId);
                p.setTimestamp(2, Timestamp.from(clock.instant().minus(Duration.ofDays(30))));
                p.setInt(3, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getObject(1, UUID.class));
                    }
                }
            }
            return out;
        }));
    }

    /**
     * Shopper searches that found nothing, newest first: data for the merchant's unanswered questions (the
     * analytics group them by meaning with the assistant's silent messages).
     *
     * @param from  inclusive (UTC)
     * @param to    exclusive (UTC)
     * @param limit at most this many
     */
    public List<UnansweredSearch> searchesWithoutResult(UUID storeId, Instant from, Instant to, int limit) {
        return transactions.executeRead(status -> jdbc.execute(c -> {
            List<UnansweredSearch> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT query, embedding, created_at FROM help_events
                    WHERE store_id = ? AND kind = 'search' AND results = 0 AND created_at >= ? AND created_at < ?
                    ORDER BY created_at DESC LIMIT ?""")) {
                p.setObject(1, storeId);
                p.setTimestamp(2, Timestamp.from(from));
                p.setTimestamp(3, Timestamp.from(to));
                p.setInt(4, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        byte[] e = r.getBytes(2);
                        out.add(new UnansweredSearch(r.getString(1), e == null ? null : Message.floats(e), r.getTimestamp(3).toInstant()));
                    }
                }
            }
            return out;
        }));
    }

    /**
     * A shopper's search in the help center that found nothing.
     *
     * @param query     what the shopper typed
     * @param embedding its embedding (384 floats, {@code EmbeddingService}), or {@code null}
     * @param at        when (UTC)
     */
    public record UnansweredSearch(String query, @Nullable float[] embedding, Instant at) {
    }

    /**
     * The help center's figures for a period.
     *
     * @param views                 item views
     * @param searches              finished searches
     * @param searchesWithoutResult searches that found nothing
     * @param sessions              help sessions (browsers with scripts that viewed, searched or visited)
     * @param deflected             sessions with no conversation started within 30 minutes of their first help event
     * @param deflectionRate        deflected / sessions in [0, 1], or {@code null} without sessions
     * @param items                 per item: views and answers to "Did this answer your question?", most viewed first
     * @param unansweredSearches    searches without result, by query (case-insensitive), most frequent first (top 20)
     */
    @Serdeable
    public record Stats(long views, long searches, long searchesWithoutResult, long sessions, long deflected,
                        @Nullable Double deflectionRate, List<ItemStats> items, List<QueryCount> unansweredSearches) {
    }

    /** @param itemId item @param question its question @param views views @param helpful "yes" answers @param notHelpful "no" answers */
    @Serdeable
    public record ItemStats(UUID itemId, String question, long views, long helpful, long notHelpful) {
    }

    /** @param query the query as last typed @param count how often @param lastAt last time (UTC) */
    @Serdeable
    public record QueryCount(String query, long count, Instant lastAt) {
    }

    /** Self-service deflection: a help session that started no conversation within this long of its first help event. */
    static final Duration DEFLECTION_WINDOW = Duration.ofMinutes(30);

    /** @return the help center's figures for events in [from, to) */
    public Stats stats(UUID storeId, Instant from, Instant to) {
        return transactions.executeRead(status -> jdbc.execute(c -> {
            long views = 0;
            long searches = 0;
            long empty = 0;
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT count(*) FILTER (WHERE kind = 'view'), count(*) FILTER (WHERE kind = 'search'),
                           count(*) FILTER (WHERE kind = 'search' AND results = 0)
                    FROM help_events WHERE store_id = ? AND created_at >= ? AND created_at < ?""")) {
                bind(p, storeId, from, to);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    views = r.getLong(1);
                    searches = r.getLong(2);
                    empty = r.getLong(3);
                }
            }
            long sessions = 0;
            long deflected = 0;
            try (PreparedStatement p = c.prepareStatement("""
                    WITH firsts AS (
                        SELECT session_id, min(created_at) AS first_at FROM help_events
                        WHERE store_id = ? AND created_at >= ? AND created_at < ? AND session_id IS NOT NULL
                          AND kind IN ('view', 'search', 'visit', 'feedback')
                        GROUP BY session_id)
                    SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (
                        SELECT 1 FROM help_events x WHERE x.store_id = ? AND x.session_id = f.session_id AND x.kind = 'conversation'
                          AND x.created_at >= f.first_at AND x.created_at < f.first_at + ?::interval))
                    FROM firsts f""")) {
                bind(p, storeId, from, to);
                p.setObject(4, storeId);
                p.setString(5, DEFLECTION_WINDOW.toSeconds() + " seconds");
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    sessions = r.getLong(1);
                    deflected = r.getLong(2);
                }
            }
            List<ItemStats> items = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT e.item_id, i.question, count(*) FILTER (WHERE e.kind = 'view'),
                           count(*) FILTER (WHERE e.kind = 'feedback' AND e.helpful),
                           count(*) FILTER (WHERE e.kind = 'feedback' AND NOT e.helpful)
                    FROM help_events e JOIN faq_items i ON i.id = e.item_id
                    WHERE e.store_id = ? AND e.created_at >= ? AND e.created_at < ? AND e.kind IN ('view', 'feedback')
                    GROUP BY e.item_id, i.question ORDER BY 3 DESC, 4 DESC, 2 LIMIT 100""")) {
                bind(p, storeId, from, to);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        items.add(new ItemStats(r.getObject(1, UUID.class), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5)));
                    }
                }
            }
            List<QueryCount> unanswered = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT (array_agg(query ORDER BY created_at DESC))[1], count(*), max(created_at) FROM help_events
                    WHERE store_id = ? AND created_at >= ? AND created_at < ? AND kind = 'search' AND results = 0
                    GROUP BY lower(query) ORDER BY 2 DESC, 3 DESC LIMIT 20""")) {
                bind(p, storeId, from, to);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        unanswered.add(new QueryCount(r.getString(1), r.getLong(2), r.getTimestamp(3).toInstant()));
                    }
                }
            }
            return new Stats(views, searches, empty, sessions, deflected, sessions == 0 ? null : deflected / (double) sessions,
                    items, unanswered);
        }));
    }

    private static void bind(PreparedStatement p, UUID storeId, Instant from, Instant to) throws java.sql.SQLException {
        p.setObject(1, storeId);
        p.setTimestamp(2, Timestamp.from(from));
        p.setTimestamp(3, Timestamp.from(to));
    }

}
