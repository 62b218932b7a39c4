package dev.handoff.app.analytics;

import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.insights.QuestionClusters;
import dev.handoff.app.insights.UnansweredQuestions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Support analytics over a period (conversations created in [from, to)): outcomes, times, sentiment,
 * busiest hours, channels and FAQ citations from daily roll-ups kept current ({@link AnalyticsRollups})
 * plus the tables for what they do not hold; tickets, ratings and unanswered questions from small
 * aggregate queries; all run side by side, each in a read-only transaction of its own. Response and
 * resolution time percentiles come from log-spaced histograms (buckets 5 % wide: within 2.5 % of the
 * exact value). Reporting reads the feature tables directly (conversations, messages, tickets,
 * ratings, FAQ items) rather than through each feature's service; its only write asks for the
 * roll-ups of days it had to count from the tables.
 */
@Singleton
public class AnalyticsService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnalyticsService.class);


    /** Unanswered questions that are grouped, the newest of the period ({@link UnansweredQuestions}). */
    static final int UNANSWERED_SAMPLE = 300;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final SettingsService settings;
    private final AnalyticsRollups rollups;
    private final UnansweredQuestions questions;
    private final java.time.Clock clock;
    /** Runs a dashboard's independent queries side by side, each on its own connection. */
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "analytics");
        t.setDaemon(true);
        return t;
    });

    /** The embedding model's "same question" similarity. */
    private final double sameQuestion;

    AnalyticsService(JdbcOperations jdbc, TransactionOperations<Connection> transactions, SettingsService settings, AnalyticsRollups rollups,
                     UnansweredQuestions questions, java.time.Clock clock, dev.handoff.app.search.EmbeddingService embeddings) {
        this.sameQuestion = embeddings.similarities().sameQuestion();
        this.questions = questions;
        this.clock = clock;
        this.rollups = rollups;
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

    /** Questions the assistant could not answer, grouped: @param example the most central @param count how many @param examples up to three, newest first */
    @Serdeable
    public record UnansweredGroup(String example, long count, List<String> examples) {
    }

    /** @param channel channel @param conversations created @param escalated of them escalated @param resolved of them resolved */
    @Serdeable
    public record ChannelStats(String channel, long conversations, long escalated, long resolved) {
    }

    /**
     * What became of the assistant's email replies written in the period (drafts, {@code DraftGraduation}).
     *
     * @param autoSent         sent without review (a kind the store let go out by itself)
     * @param approvedUnedited approved by an agent as drafted
     * @param approvedEdited   approved by an agent after an edit
     * @param discarded        thrown away by an agent
     * @param superseded       withdrawn unreviewed because an agent replied by hand first
     * @param pending          still waiting for review
     */
    @Serdeable
    public record DraftOutcomes(long autoSent, long approvedUnedited, long approvedEdited, long discarded, long superseded, long pending) {
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
     * @param assistant            what the assistant handled alone, and the team's first response beside the assistant's
     * @param drafts               the assistant's email replies written in the period: auto-sent, approved, discarded,
     *                             superseded by an agent's own reply, pending
     */
    @Serdeable
    public record Analytics(Instant from, Instant to, long conversations, long resolvedByAssistant, long resolvedWithHuman,
                            long escalated, long cancelled, double escalationRate, Percentiles firstResponseSeconds,
                            Percentiles resolutionSeconds, @Nullable Double csat, List<DaySentiment> sentiment,
                            List<Count> topCategories, List<Count> topFaqItems, List<UnansweredGroup> unansweredQuestions,
                            long[][] busiestHours, List<ChannelStats> byChannel, AssistantCredit assistant, DraftOutcomes drafts) {
    }

    /**
     * @return the analytics of conversations created in [from, to): whole UTC days from the daily
     *         roll-ups where they are current ({@link AnalyticsRollups}), the rest counted from the tables
     */
    public Analytics of(UUID storeId, Instant from, Instant to) {
        ZoneId zone = ZoneId.of(settings.of(storeId).timeZone());
        List<LocalDate> missing = new java.util.concurrent.CopyOnWriteArrayList<>();
        Future<Rollup> spans = read("rollups", c -> span(c, storeId, from, to, missing));
        Future<List<Count>> categories = read("categories", c -> counts(c, """
                SELECT category, category, count(*) FROM tickets WHERE store_id = ? AND created_at >= ? AND created_at < ?
                GROUP BY category ORDER BY 3 DESC, 1 LIMIT 10""", storeId, from, to));
        Future<Double> csat = read("csat", c -> csat(c, storeId, from, to));
        Future<List<UnansweredGroup>> unanswered = read("unanswered", c -> unanswered(storeId, from, to));
        Future<DraftOutcomes> drafts = read("drafts", c -> drafts(c, storeId, from, to));
        Rollup r = get(spans);
        long conversations = r.total().conversations;
        Instant now = clock.instant();
        Future<AssistantCredit> credit = read("assistant", c -> AssistantCredit.compute(c, storeId, from, to, now, conversations));
        rollups.request(storeId, missing);
        Rollup.Cell t = r.total();
        List<Count> faq = transactions.executeRead(status -> jdbc.execute(c -> topFaq(c, r.citations())));
        long escalated = t.escalated;
        return new Analytics(from, to, t.conversations, t.resolvedAi, t.resolvedHuman, escalated, t.cancelled,
                t.conversations == 0 ? 0 : escalated / (double) t.conversations,
                new Percentiles(Rollup.percentile(t.firstResponse, 0.5), Rollup.percentile(t.firstResponse, 0.9)),
                new Percentiles(Rollup.percentile(t.resolution, 0.5), Rollup.percentile(t.resolution, 0.9)),
                get(csat), r.sentiment(zone), get(categories), faq, get(unanswered), r.busiestHours(zone), r.channels(), get(credit), get(drafts));
    }

    /** The period as current roll-ups of whole UTC days plus what the tables say for the rest. */
    private Rollup span(Connection c, UUID store, Instant from, Instant to, List<LocalDate> missing) throws SQLException {
        LocalDate first = LocalDate.ofInstant(from.minusNanos(1), ZoneOffset.UTC).plusDays(1);
        LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
        if (!first.isBefore(end)) {
            return AnalyticsRollups.compute(c, store, from, to);
        }
        AnalyticsRollups.Current current = rollups.current(c, store, first, end);
        Rollup r = current.rollup();
        for (LocalDate d = first; d.isBefore(end); d = d.plusDays(1)) {
            if (!current.days().contains(d)) {
                missing.add(d);
            }
        }
        // contiguous runs of days without a current roll-up, and the partial days at both ends
        List<Instant[]> gaps = new ArrayList<>();
        gaps.add(new Instant[] {from, first.atStartOfDay(ZoneOffset.UTC).toInstant()});
        gaps.add(new Instant[] {end.atStartOfDay(ZoneOffset.UTC).toInstant(), to});
        for (int i = 0; i < missing.size(); ) {
            int j = i;
            while (j + 1 < missing.size() && missing.get(j + 1).equals(missing.get(j).plusDays(1))) {
                j++;
            }
            gaps.add(new Instant[] {missing.get(i).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    missing.get(j).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()});
            i = j + 1;
        }
        for (Instant[] gap : gaps) {
            if (gap[0].isBefore(gap[1])) {
                r.add(AnalyticsRollups.compute(c, store, gap[0], gap[1]));
            }
        }
        return r;
    }

    /** @return the ten most cited FAQ items with their questions */
    private static List<Count> topFaq(Connection c, Map<String, Long> citations) throws SQLException {
        List<Map.Entry<String, Long>> top = citations.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).limit(10).toList();
        Map<String, String> questions = new java.util.HashMap<>();
        if (!top.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("SELECT id::text, question FROM faq_items WHERE id::text = ANY(?)")) {
                s.setArray(1, c.createArrayOf("text", top.stream().map(Map.Entry::getKey).toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        questions.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return top.stream().map(e -> new Count(e.getKey(), questions.getOrDefault(e.getKey(), "(deleted item)"), e.getValue())).toList();
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

    /** Counts the assistant's drafts written in [from, to) by what became of them (an edit as in {@code DraftGraduation}). */
    private static DraftOutcomes drafts(Connection c, UUID store, Instant from, Instant to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE auto_sent),
                       count(*) FILTER (WHERE NOT auto_sent AND status IN ('approved', 'sent') AND coalesce(edit_ratio, CASE WHEN body = original_body THEN 0 ELSE 1 END) = 0),
                       count(*) FILTER (WHERE NOT auto_sent AND status IN ('approved', 'sent') AND coalesce(edit_ratio, CASE WHEN body = original_body THEN 0 ELSE 1 END) > 0),
                       count(*) FILTER (WHERE status = 'discarded'),
                       count(*) FILTER (WHERE status = 'superseded'),
                       count(*) FILTER (WHERE status = 'pending')
                FROM drafts WHERE store_id = ? AND author = 'assistant' AND created_at >= ? AND created_at < ?""")) {
            AnalyticsRollups.bind(s, store, from, to, 1);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new DraftOutcomes(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6));
            }
        }
    }

    private static Double csat(Connection c, UUID store, Instant from, Instant to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE rating = 'up'), count(*) FROM ratings WHERE store_id = ? AND created_at >= ? AND created_at < ?")) {
            AnalyticsRollups.bind(s, store, from, to, 1);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(2) > 0 ? r.getLong(1) / (double) r.getLong(2) : null;
            }
        }
    }

    /** Groups the newest unanswered questions by meaning ({@link QuestionClusters}); the top 20 groups. */
    private List<UnansweredGroup> unanswered(UUID store, Instant from, Instant to) {
        List<UnansweredQuestions.Question> qs = questions.of(store, from, to, UNANSWERED_SAMPLE);
        List<String> texts = qs.stream().map(UnansweredQuestions.Question::text).toList();
        return QuestionClusters.of(texts, qs.stream().map(UnansweredQuestions.Question::vector).toList(), sameQuestion).stream().limit(20)
                .map(g -> new UnansweredGroup(texts.get(g.central()), g.size(), g.members().stream().limit(3).map(texts::get).toList()))
                .toList();
    }

    private static List<Count> counts(Connection c, String sql, UUID store, Instant from, Instant to) throws SQLException {
        List<Count> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            AnalyticsRollups.bind(s, store, from, to, 1);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Count(r.getString(1), r.getString(2), r.getLong(3)));
                }
            }
        }
        return out;
    }



    @jakarta.annotation.PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
