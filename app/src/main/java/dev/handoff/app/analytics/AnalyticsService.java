package dev.handoff.app.analytics;

import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.search.EmbeddingService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Support analytics over a period (conversations created in [from, to)), read with a few aggregate
 * queries run side by side, each in a read-only transaction of its own. Reporting reads the feature tables directly (conversations,
 * messages, tickets, ratings, FAQ items) rather than through each feature's service, so that a
 * dashboard over 100,000 conversations costs a handful of index scans; it never writes.
 */
@Singleton
public class AnalyticsService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnalyticsService.class);


    /** Customer messages the assistant stayed silent on that are grouped, newest first. */
    static final int UNANSWERED_SAMPLE = 300;
    /** Cosine similarity from which two unanswered questions are the same question. */
    static final double SAME_QUESTION = 0.7;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final SettingsService settings;
    /** Runs a dashboard's independent queries side by side, each on its own connection. */
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "analytics");
        t.setDaemon(true);
        return t;
    });

    AnalyticsService(JdbcOperations jdbc, TransactionOperations<Connection> transactions, SettingsService settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** Median and 90th percentile, in seconds; {@code null} without data. */
    @Serdeable
    public record Percentiles(@Nullable Double median, @Nullable Double p90) {
    }

    /** Sentiment of the conversations started on one day (store time zone): how many are positive, neutral, negative, and their mean trend in [-1, 1]. */
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
     * @param sentiment            customer sentiment per day (conversations by their sentiment trend)
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
        // independent aggregates, each on its own connection, in parallel
        Future<Overview> overview = read("overview", c -> overview(c, storeId, from, to, zone));
        Future<Percentiles[]> times = read("times", c -> times(c, storeId, from, to));
        Future<List<Count>> categories = read("categories", c -> counts(c, """
                SELECT category, category, count(*) FROM tickets WHERE store_id = ? AND created_at >= ? AND created_at < ?
                GROUP BY category ORDER BY 3 DESC, 1 LIMIT 10""", storeId, from, to));
        Future<List<Count>> faq = read("faq", c -> counts(c, """
                SELECT top.id, coalesce(f.question, '(deleted item)'), top.n FROM (
                  SELECT x.id, count(*) AS n
                  FROM messages m CROSS JOIN LATERAL unnest(string_to_array(m.cited_faq_ids, ',')) AS x(id)
                  WHERE m.store_id = ? AND m.cited_faq_ids <> '' AND m.created_at >= ? AND m.created_at < ?
                  GROUP BY x.id ORDER BY 2 DESC, 1 LIMIT 10) top
                LEFT JOIN faq_items f ON f.id::text = top.id ORDER BY 3 DESC, 1""", storeId, from, to));
        Future<Double> csat = read("csat", c -> csat(c, storeId, from, to));
        Future<List<UnansweredGroup>> unanswered = read("unanswered", c -> unanswered(c, storeId, from, to));
        Overview o = get(overview);
        long[] t = o.totals();
        return new Analytics(from, to, t[0], t[1], t[2], t[3], t[4], t[0] == 0 ? 0 : t[3] / (double) t[0], get(times)[0], get(times)[1],
                get(csat), o.sentiment(), get(categories), get(faq), get(unanswered), o.hours(), o.channels());
    }

    /** One query, read-only, on its own connection. */
    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> Future<T> read(String name, Query<T> query) {
        return pool.submit(() -> {
            long start = System.nanoTime();
            T result = transactions.executeRead(status -> jdbc.execute(c -> {
                try (var st = c.createStatement()) {
                    // short aggregate queries: JIT compilation would cost more than it saves; room to hash the groups
                    st.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'");
                }
                return query.run(c);
            }));
            LOG.debug("analytics query {}: {} ms", name, (System.nanoTime() - start) / 1_000_000);
            return result;
        });
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * The figures counted over the period's conversations in one scan.
     *
     * @param totals    conversations, resolved by the assistant alone, with a human, escalated, cancelled
     * @param channels  per channel
     * @param hours     started per weekday and hour
     * @param sentiment per day
     */
    private record Overview(long[] totals, List<ChannelStats> channels, long[][] hours, List<DaySentiment> sentiment) {
    }

    /**
     * One scan, three groupings: by channel (which add up to the totals), by weekday and hour, by day.
     * A conversation with a ticket, or escalated now, counts as escalated; sentiment per day counts each
     * conversation once, on the day it started, by its customers' sentiment trend (exponentially
     * weighted mean of message scores: ≥ 0.05 positive, ≤ −0.05 negative), with the day's mean trend.
     */
    private static Overview overview(Connection c, UUID store, Instant from, Instant to, String zone) throws SQLException {
        long[] totals = new long[5];
        List<ChannelStats> channels = new ArrayList<>();
        long[][] hours = new long[7][24];
        List<DaySentiment> sentiment = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT GROUPING(channel), GROUPING(dow, hour), channel, dow, hour, day, count(*),
                       count(*) FILTER (WHERE status = 'resolved' AND NOT human), count(*) FILTER (WHERE status = 'resolved' AND human),
                       count(*) FILTER (WHERE escalated), count(*) FILTER (WHERE status = 'cancelled'),
                       count(*) FILTER (WHERE trend >= 0.05), count(*) FILTER (WHERE trend > -0.05 AND trend < 0.05),
                       count(*) FILTER (WHERE trend <= -0.05), avg(trend)
                FROM (SELECT channel, status, human, escalated, trend, extract(isodow FROM local)::int AS dow,
                             extract(hour FROM local)::int AS hour, local::date AS day
                      FROM (SELECT c.channel, c.status, c.assignee_id IS NOT NULL AS human,
                                   c.status = 'escalated' OR t.conversation_id IS NOT NULL AS escalated, c.sentiment_trend AS trend,
                                   c.created_at AT TIME ZONE ? AS local
                            FROM conversations c
                            LEFT JOIN (SELECT DISTINCT conversation_id FROM tickets WHERE store_id = ?) t ON t.conversation_id = c.id
                            WHERE c.store_id = ? AND c.created_at >= ? AND c.created_at < ?) y) x
                GROUP BY GROUPING SETS ((channel), (dow, hour), (day))""")) {
            s.setString(1, zone);
            s.setObject(2, store);
            bind(s, store, from, to, 3);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getInt(1) == 0) {
                        for (int i = 0; i < 5; i++) {
                            totals[i] += r.getLong(7 + i);
                        }
                        channels.add(new ChannelStats(r.getString(3), r.getLong(7), r.getLong(10), r.getLong(8) + r.getLong(9)));
                    } else if (r.getInt(2) == 0) {
                        hours[r.getInt(4) - 1][r.getInt(5)] = r.getLong(7);
                    } else if (r.getLong(12) + r.getLong(13) + r.getLong(14) > 0) {
                        double mean = r.getDouble(15);
                        sentiment.add(new DaySentiment(r.getDate(6).toLocalDate(), r.getLong(12), r.getLong(13), r.getLong(14),
                                r.wasNull() ? null : mean));
                    }
                }
            }
        }
        channels.sort(java.util.Comparator.comparing(ChannelStats::channel));
        sentiment.sort(java.util.Comparator.comparing(DaySentiment::day));
        return new Overview(totals, channels, hours, sentiment);
    }

    /** @return first response and resolution time percentiles in seconds (PostgreSQL {@code percentile_cont}) */
    private static Percentiles[] times(Connection c, UUID store, Instant from, Instant to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - first_message_at)),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - first_message_at)),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at))
                FROM conversations WHERE store_id = ? AND created_at >= ? AND created_at < ?""")) {
            bind(s, store, from, to, 1);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                Double[] v = new Double[4];
                for (int i = 0; i < 4; i++) {
                    double d = r.getDouble(i + 1);
                    v[i] = r.wasNull() ? null : d;
                }
                return new Percentiles[] {new Percentiles(v[0], v[1]), new Percentiles(v[2], v[3])};
            }
        }
    }

    private static Double csat(Connection c, UUID store, Instant from, Instant to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE rating = 'up'), count(*) FROM ratings WHERE store_id = ? AND created_at >= ? AND created_at < ?")) {
            bind(s, store, from, to, 1);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(2) > 0 ? r.getLong(1) / (double) r.getLong(2) : null;
            }
        }
    }

    /** Groups the newest silent customer messages greedily by embedding: one joins the first group whose first question is at least {@link #SAME_QUESTION} similar. */
    private List<UnansweredGroup> unanswered(Connection c, UUID store, Instant from, Instant to) throws SQLException {
        List<String> texts = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT m.body_text, m.embedding FROM unanswered_messages u JOIN messages m ON m.id = u.message_id
                WHERE u.store_id = ? AND u.created_at >= ? AND u.created_at < ? ORDER BY u.created_at DESC LIMIT ?""")) {
            bind(s, store, from, to, 1);
            s.setInt(4, UNANSWERED_SAMPLE);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    texts.add(r.getString(1));
                    byte[] e = r.getBytes(2);
                    vectors.add(e == null ? null : Message.floats(e));
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


    @jakarta.annotation.PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
