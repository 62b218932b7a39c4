package dev.handoff.app.analytics;

import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.search.EmbeddingService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Support analytics over a period (conversations created in [from, to)), read with a few aggregate
 * queries in one read-only transaction. Reporting reads the feature tables directly (conversations,
 * messages, tickets, ratings, FAQ items) rather than through each feature's service, so that a
 * dashboard over 100,000 conversations costs a handful of index scans; it never writes.
 */
@Singleton
public class AnalyticsService {

    /** Customer messages the assistant stayed silent on that are grouped, newest first. */
    static final int UNANSWERED_SAMPLE = 300;
    /** Cosine similarity from which two unanswered questions are the same question. */
    static final double SAME_QUESTION = 0.7;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final SettingsService settings;

    AnalyticsService(JdbcOperations jdbc, TransactionOperations<Connection> transactions, SettingsService settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** Median and 90th percentile, in seconds; {@code null} without data. */
    @Serdeable
    public record Percentiles(@Nullable Double median, @Nullable Double p90) {
    }

    /** Customer sentiment on one day (store time zone): messages per class and the mean score in [-1, 1]. */
    @Serdeable
    public record DaySentiment(LocalDate day, long positive, long neutral, long negative, @Nullable Double meanScore) {
    }

    /** @param key category or FAQ item id @param label what to show (the item's question) @param count how many */
    @Serdeable
    public record Count(String key, String label, long count) {
    }

    /** Questions the assistant could not answer, grouped: @param example the newest @param count how many @param examples up to three */
    @Serdeable
    public record UnansweredGroup(String example, long count, List<String> examples) {
    }

    /** @param channel channel @param conversations created @param escalated of them escalated @param resolved of them resolved */
    @Serdeable
    public record ChannelStats(String channel, long conversations, long escalated, long resolved) {
    }

    /**
     * The dashboard.
     *
     * @param conversations        conversations created in the period
     * @param resolvedByAssistant  resolved with no agent reply
     * @param resolvedWithHuman    resolved after an agent replied
     * @param escalated            with a ticket, or escalated now
     * @param cancelled            cancelled (abandoned)
     * @param escalationRate       escalated / conversations, in [0, 1]
     * @param firstResponseSeconds from the shopper's first message to the first reply (assistant or agent)
     * @param resolutionSeconds    from creation to the latest resolution
     * @param csat                 share of thumbs-up among ratings given in the period, or {@code null}
     * @param sentiment            customer sentiment per day
     * @param topCategories        ticket categories, most frequent first (top 10)
     * @param topFaqItems          FAQ items cited in answers, most cited first (top 10)
     * @param unansweredQuestions  what the assistant stayed silent on, grouped by meaning (top 20 groups)
     * @param busiestHours         conversations started per weekday (row 0 = Monday) and hour (store time zone)
     * @param byChannel            per channel
     */
    @Serdeable
    public record Analytics(Instant from, Instant to, long conversations, long resolvedByAssistant, long resolvedWithHuman,
                            long escalated, long cancelled, double escalationRate, Percentiles firstResponseSeconds,
                            Percentiles resolutionSeconds, @Nullable Double csat, List<DaySentiment> sentiment,
                            List<Count> topCategories, List<Count> topFaqItems, List<UnansweredGroup> unansweredQuestions,
                            long[][] busiestHours, List<ChannelStats> byChannel) {
    }

    /** @return the analytics of conversations created in [from, to) */
    public Analytics of(UUID storeId, Instant from, Instant to) {
        String zone = settings.of(storeId).timeZone();
        return transactions.executeRead(status -> jdbc.execute(c -> compute(c, storeId, from, to, zone)));
    }

    private Analytics compute(Connection c, UUID store, Instant from, Instant to, String zone) throws SQLException {
        long[] totals = new long[5];
        Double[] pct = new Double[4];
        List<ChannelStats> channels = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT c.channel, count(*),
                       count(*) FILTER (WHERE c.status = 'resolved' AND c.assignee_id IS NULL),
                       count(*) FILTER (WHERE c.status = 'resolved' AND c.assignee_id IS NOT NULL),
                       count(*) FILTER (WHERE c.status = 'escalated' OR t.conversation_id IS NOT NULL),
                       count(*) FILTER (WHERE c.status = 'cancelled'),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_response_at - c.first_message_at)),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_response_at - c.first_message_at)),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.resolved_at - c.created_at)),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM c.resolved_at - c.created_at)),
                       GROUPING(c.channel)
                FROM conversations c
                LEFT JOIN (SELECT DISTINCT conversation_id FROM tickets WHERE store_id = ?) t ON t.conversation_id = c.id
                WHERE c.store_id = ? AND c.created_at >= ? AND c.created_at < ?
                GROUP BY GROUPING SETS ((), (c.channel))""")) {
            s.setObject(1, store);
            bind(s, store, from, to, 2);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getInt(11) == 1) {
                        for (int i = 0; i < 5; i++) {
                            totals[i] = r.getLong(i == 0 ? 2 : i + 2);
                        }
                        for (int i = 0; i < 4; i++) {
                            double v = r.getDouble(7 + i);
                            pct[i] = r.wasNull() ? null : v;
                        }
                    } else {
                        channels.add(new ChannelStats(r.getString(1), r.getLong(2), r.getLong(5), r.getLong(3) + r.getLong(4)));
                    }
                }
            }
        }
        long[][] hours = new long[7][24];
        try (PreparedStatement s = c.prepareStatement("""
                SELECT extract(isodow FROM created_at AT TIME ZONE ?)::int, extract(hour FROM created_at AT TIME ZONE ?)::int, count(*)
                FROM conversations WHERE store_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1, 2""")) {
            s.setString(1, zone);
            s.setString(2, zone);
            bind(s, store, from, to, 3);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    hours[r.getInt(1) - 1][r.getInt(2)] = r.getLong(3);
                }
            }
        }
        List<DaySentiment> sentiment = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT (created_at AT TIME ZONE ?)::date, count(*) FILTER (WHERE sentiment = 'positive'),
                       count(*) FILTER (WHERE sentiment = 'neutral'), count(*) FILTER (WHERE sentiment = 'negative'), avg(sentiment_score)
                FROM messages WHERE store_id = ? AND author = 'customer' AND created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 1""")) {
            s.setString(1, zone);
            bind(s, store, from, to, 2);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    double mean = r.getDouble(5);
                    sentiment.add(new DaySentiment(r.getDate(1).toLocalDate(), r.getLong(2), r.getLong(3), r.getLong(4), r.wasNull() ? null : mean));
                }
            }
        }
        List<Count> categories = counts(c, """
                SELECT category, category, count(*) FROM tickets WHERE store_id = ? AND created_at >= ? AND created_at < ?
                GROUP BY category ORDER BY 3 DESC, 1 LIMIT 10""", store, from, to);
        List<Count> faq = counts(c, """
                SELECT x.id, coalesce(f.question, '(deleted item)'), count(*)
                FROM messages m CROSS JOIN LATERAL unnest(string_to_array(m.cited_faq_ids, ',')) AS x(id)
                LEFT JOIN faq_items f ON f.id::text = x.id
                WHERE m.store_id = ? AND m.cited_faq_ids <> '' AND m.created_at >= ? AND m.created_at < ?
                GROUP BY x.id, f.question ORDER BY 3 DESC, 1 LIMIT 10""", store, from, to);
        Double csat = null;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE rating = 'up'), count(*) FROM ratings WHERE store_id = ? AND created_at >= ? AND created_at < ?")) {
            bind(s, store, from, to, 1);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getLong(2) > 0) {
                    csat = r.getLong(1) / (double) r.getLong(2);
                }
            }
        }
        List<UnansweredGroup> unanswered = unanswered(c, store, from, to);
        return new Analytics(from, to, totals[0], totals[1], totals[2], totals[3], totals[4],
                totals[0] == 0 ? 0 : totals[3] / (double) totals[0], new Percentiles(pct[0], pct[1]), new Percentiles(pct[2], pct[3]),
                csat, sentiment, categories, faq, unanswered, hours, channels);
    }

    /** Groups the newest silent customer messages greedily by embedding: one joins the first group whose first question is at least {@link #SAME_QUESTION} similar. */
    private List<UnansweredGroup> unanswered(Connection c, UUID store, Instant from, Instant to) throws SQLException {
        List<String> texts = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT body_text, embedding FROM messages WHERE store_id = ? AND assistant_outcome = 'silent'
                  AND created_at >= ? AND created_at < ? ORDER BY created_at DESC LIMIT ?""")) {
            bind(s, store, from, to, 1);
            s.setInt(4, UNANSWERED_SAMPLE);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    texts.add(r.getString(1));
                    byte[] e = r.getBytes(2);
                    vectors.add(e == null ? null : floats(e));
                }
            }
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            List<Integer> home = null;
            for (List<Integer> g : groups) {
                float[] a = vectors.get(g.get(0));
                float[] b = vectors.get(i);
                if (a != null && b != null ? EmbeddingService.cosine(a, b) >= SAME_QUESTION : texts.get(g.get(0)).equalsIgnoreCase(texts.get(i))) {
                    home = g;
                    break;
                }
            }
            if (home == null) {
                home = new ArrayList<>();
                groups.add(home);
            }
            home.add(i);
        }
        return groups.stream().sorted((a, b) -> Integer.compare(b.size(), a.size())).limit(20)
                .map(g -> new UnansweredGroup(texts.get(g.get(0)), g.size(), g.stream().limit(3).map(texts::get).toList())).toList();
    }

    private static List<Count> counts(Connection c, String sql, UUID store, Instant from, Instant to) throws SQLException {
        List<Count> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, store, from, to, 1);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Count(r.getString(1), r.getString(2), r.getLong(3)));
                }
            }
        }
        return out;
    }

    /** Binds store, from and to as parameters {@code first}, {@code first + 1} and {@code first + 2}. */
    private static void bind(PreparedStatement s, UUID store, Instant from, Instant to, int first) throws SQLException {
        s.setObject(first, store);
        s.setTimestamp(first + 1, Timestamp.from(from));
        s.setTimestamp(first + 2, Timestamp.from(to));
    }

    private static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
