package dev.handoff.app.analytics;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.handoff.app.conversation.ConversationChanged;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.tickets.TicketChanged;
import io.micronaut.context.annotation.Factory;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.handoff.app.conversation.Sentiment;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Daily analytics roll-ups kept current as conversations change, so the dashboard adds up at most a
 * row per day and channel instead of scanning every conversation.
 * <p>
 * A change to a conversation (or its ticket, or a message citing FAQ items) marks its UTC day stale in
 * {@code analytics_dirty}, in the changing transaction (at most once a second per conversation and
 * node). A recurring job ({@code analytics-rollups}, every 5 s) rebuilds the days whose marks are at
 * least {@code handoff.analytics.rollup-grace} (10 s) old from the tables, with a snapshot taken after the marking transactions have
 * long committed, and removes exactly those marks. Readers use a day's roll-up only while it has no
 * mark; stale, missing and partial days are counted from the tables ({@link #compute}), so answers are
 * always current. Days the store's retention may have thinned are rebuilt hourly.
 */
@Singleton
public class AnalyticsRollups {

    static final String TASK = "analytics-rollups";
    /** Default of {@code handoff.analytics.rollup-grace}. */
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsRollups.class);

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final Map<UUID, Long> markedConversations = new ConcurrentHashMap<>();
    private final Map<String, Long> markedDays = new ConcurrentHashMap<>();
    private volatile Instant lastRetentionSweep = Instant.EPOCH;
    /** Marks younger than this are left for the next run: the transactions that made them may still be open. */
    private final Duration grace;

    AnalyticsRollups(JdbcOperations jdbc, TransactionOperations<Connection> transactions,
                     @io.micronaut.context.annotation.Value("${handoff.analytics.rollup-grace:10s}") Duration grace) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.grace = grace;
    }

    @EventListener
    void onConversationChanged(ConversationChanged event) {
        markConversation(event.conversationId());
    }

    @EventListener
    void onTicketChanged(TicketChanged event) {
        markConversation(event.conversationId());
    }

    /** FAQ citations count on the day the answer was written. */
    @EventListener
    void onMessage(MessageCreated event) {
        if (!event.message().citedFaqIds().isEmpty()) {
            LocalDate day = LocalDate.ofInstant(event.message().createdAt(), ZoneOffset.UTC);
            String key = event.storeId() + "/" + day;
            long now = System.nanoTime();
            Long last = markedDays.get(key);
            if (last == null || now - last > 1_000_000_000L) {
                markedDays.put(key, now);
                jdbc.prepareStatement("INSERT INTO analytics_dirty (store_id, day, created_at) VALUES (?, ?, now())", s -> {
                    s.setObject(1, event.storeId());
                    s.setObject(2, day);
                    return s.executeUpdate();
                });
            }
        }
    }

    /** Marks the conversation's creation day stale, in the caller's transaction. */
    private void markConversation(UUID conversationId) {
        long now = System.nanoTime();
        Long last = markedConversations.get(conversationId);
        if (last != null && now - last < 1_000_000_000L) {
            return;
        }
        markedConversations.put(conversationId, now);
        if (markedConversations.size() > 100_000) {
            markedConversations.clear();
        }
        jdbc.prepareStatement("""
                INSERT INTO analytics_dirty (store_id, day, created_at)
                SELECT store_id, (created_at AT TIME ZONE 'UTC')::date, now() FROM conversations WHERE id = ?""", s -> {
            s.setObject(1, conversationId);
            return s.executeUpdate();
        });
    }

    /**
     * The roll-ups of the store's UTC days in [first, end) that are current (built and not marked stale).
     *
     * @return the roll-up of those days, and which days it holds
     */
    Current current(Connection c, UUID store, LocalDate first, LocalDate end) throws SQLException {
        Rollup r = new Rollup();
        Set<LocalDate> held = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT day, channel, conversations, resolved_ai, resolved_human, escalated, cancelled, started, positive, neutral,
                       negative, trend_n, trend_sum, first_response, resolution
                FROM analytics_days d WHERE store_id = ? AND day >= ? AND day < ?
                  AND NOT EXISTS (SELECT 1 FROM analytics_dirty m WHERE m.store_id = d.store_id AND m.day = d.day)""")) {
            s.setObject(1, store);
            s.setObject(2, first);
            s.setObject(3, end);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(1, LocalDate.class);
                    held.add(day);
                    Rollup.Cell cell = r.cell(day, rs.getString(2));
                    cell.conversations = rs.getInt(3);
                    cell.resolvedAi = rs.getInt(4);
                    cell.resolvedHuman = rs.getInt(5);
                    cell.escalated = rs.getInt(6);
                    cell.cancelled = rs.getInt(7);
                    ints(rs.getArray(8), cell.started);
                    ints(rs.getArray(9), cell.positive);
                    ints(rs.getArray(10), cell.neutral);
                    ints(rs.getArray(11), cell.negative);
                    ints(rs.getArray(12), cell.trendN);
                    Object[] sums = (Object[]) rs.getArray(13).getArray();
                    for (int i = 0; i < sums.length && i < Rollup.QUARTERS; i++) {
                        cell.trendSum[i] = ((Number) sums[i]).doubleValue();
                    }
                    ints(rs.getArray(14), cell.firstResponse);
                    ints(rs.getArray(15), cell.resolution);
                }
            }
        }
        if (held.isEmpty()) {
            return new Current(r, held);
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT day, faq_item, cited FROM analytics_day_faq f WHERE store_id = ? AND day >= ? AND day < ?
                  AND NOT EXISTS (SELECT 1 FROM analytics_dirty m WHERE m.store_id = f.store_id AND m.day = f.day)""")) {
            s.setObject(1, store);
            s.setObject(2, first);
            s.setObject(3, end);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(1, LocalDate.class);
                    if (held.contains(day)) {
                        r.cite(day, rs.getString(2), rs.getLong(3));
                    }
                }
            }
        }
        return new Current(r, held);
    }

    /** @param rollup the current roll-ups @param days the days they hold */
    record Current(Rollup rollup, Set<LocalDate> days) {
    }

    private static void ints(Array array, int[] into) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        for (int i = 0; i < values.length && i < into.length; i++) {
            into[i] = ((Number) values[i]).intValue();
        }
    }

    /** Asks for the roll-ups of days that have none (the dashboard counted them from the tables meanwhile). */
    void request(UUID store, List<LocalDate> days) {
        if (days.isEmpty()) {
            return;
        }
        transactions.executeWrite(status -> jdbc.prepareStatement("""
                INSERT INTO analytics_dirty (store_id, day, created_at) SELECT ?, d, now() - interval '1 hour' FROM unnest(?::date[]) d
                WHERE NOT EXISTS (SELECT 1 FROM analytics_dirty m WHERE m.store_id = ? AND m.day = d)""", s -> {
            s.setObject(1, store);
            s.setArray(2, s.getConnection().createArrayOf("date", days.stream().map(java.sql.Date::valueOf).toArray()));
            s.setObject(3, store);
            return s.executeUpdate();
        }));
    }

    /**
     * Counts conversations created in [from, to) (and FAQ citations written then) from the tables.
     * Conversations are escalated when escalated now or with a ticket; resolved by the assistant when
     * no agent is assigned; sentiment is the conversation's class ({@link Sentiment#ofScore} of its trend).
     */
    static Rollup compute(Connection c, UUID store, Instant from, Instant to) throws SQLException {
        Rollup r = new Rollup();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT (local)::date, channel, (extract(epoch FROM local - date_trunc('day', local)) / 900)::int, count(*),
                       count(*) FILTER (WHERE status = 'resolved' AND NOT human), count(*) FILTER (WHERE status = 'resolved' AND human),
                       count(*) FILTER (WHERE escalated), count(*) FILTER (WHERE status = 'cancelled'),
                       count(*) FILTER (WHERE trend > ?), count(*) FILTER (WHERE trend >= ? AND trend <= ?),
                       count(*) FILTER (WHERE trend < ?), count(trend), coalesce(sum(trend), 0)
                FROM (SELECT c.created_at AT TIME ZONE 'UTC' AS local, c.channel, c.status, c.assignee_id IS NOT NULL AS human,
                             c.status = 'escalated' OR t.conversation_id IS NOT NULL AS escalated, c.sentiment_trend AS trend
                      FROM conversations c
                      LEFT JOIN (SELECT DISTINCT conversation_id FROM tickets WHERE store_id = ?) t ON t.conversation_id = c.id
                      WHERE c.store_id = ? AND c.created_at >= ? AND c.created_at < ? AND c.merged_into IS NULL) x
                GROUP BY 1, 2, 3""")) {
            // the conversation's class, with the cut-offs every view uses (Sentiment.ofScore)
            s.setDouble(1, Sentiment.POSITIVE_ABOVE);
            s.setDouble(2, Sentiment.NEGATIVE_BELOW);
            s.setDouble(3, Sentiment.POSITIVE_ABOVE);
            s.setDouble(4, Sentiment.NEGATIVE_BELOW);
            s.setObject(5, store);
            bind(s, store, from, to, 6);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Rollup.Cell cell = r.cell(rs.getObject(1, LocalDate.class), rs.getString(2));
                    int q = Math.min(Rollup.QUARTERS - 1, rs.getInt(3));
                    cell.conversations += rs.getLong(4);
                    cell.resolvedAi += rs.getLong(5);
                    cell.resolvedHuman += rs.getLong(6);
                    cell.escalated += rs.getLong(7);
                    cell.cancelled += rs.getLong(8);
                    cell.started[q] += rs.getInt(4);
                    cell.positive[q] += rs.getInt(9);
                    cell.neutral[q] += rs.getInt(10);
                    cell.negative[q] += rs.getInt(11);
                    cell.trendN[q] += rs.getInt(12);
                    cell.trendSum[q] += rs.getDouble(13);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT (created_at AT TIME ZONE 'UTC')::date, channel, extract(epoch FROM first_response_at - first_message_at),
                       extract(epoch FROM resolved_at - created_at)
                FROM conversations WHERE store_id = ? AND created_at >= ? AND created_at < ? AND merged_into IS NULL
                  AND (first_response_at IS NOT NULL OR resolved_at IS NOT NULL)""")) {
            bind(s, store, from, to, 1);
            s.setFetchSize(5_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Rollup.Cell cell = r.cell(rs.getObject(1, LocalDate.class), rs.getString(2));
                    double first = rs.getDouble(3);
                    if (!rs.wasNull()) {
                        cell.firstResponse[Rollup.bucket(first)]++;
                    }
                    double resolved = rs.getDouble(4);
                    if (!rs.wasNull()) {
                        cell.resolution[Rollup.bucket(resolved)]++;
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT (m.created_at AT TIME ZONE 'UTC')::date, x.id, count(*)
                FROM messages m CROSS JOIN LATERAL unnest(string_to_array(m.cited_faq_ids, ',')) AS x(id)
                WHERE m.store_id = ? AND m.cited_faq_ids <> '' AND m.source IS DISTINCT FROM 'clarify' AND m.created_at >= ? AND m.created_at < ?
                GROUP BY 1, 2""")) {
            bind(s, store, from, to, 1);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    r.cite(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3));
                }
            }
        }
        return r;
    }

    /** Binds store, from and to as parameters {@code first}, {@code first + 1} and {@code first + 2}. */
    static void bind(PreparedStatement s, UUID store, Instant from, Instant to, int first) throws SQLException {
        s.setObject(first, store);
        s.setTimestamp(first + 1, Timestamp.from(from));
        s.setTimestamp(first + 2, Timestamp.from(to));
    }

    /** The job: rebuilds the stale days whose marks are past the grace period, oldest marks first. */
    int rebuildStale() {
        if (Instant.now().isAfter(lastRetentionSweep.plus(Duration.ofHours(1)))) {
            lastRetentionSweep = Instant.now();
            transactions.executeWrite(status -> jdbc.prepareStatement("""
                    INSERT INTO analytics_dirty (store_id, day, created_at)
                    SELECT DISTINCT d.store_id, d.day, now() - interval '1 hour' FROM analytics_days d
                    LEFT JOIN store_settings s ON s.store_id = d.store_id
                    WHERE d.day < current_date - coalesce(s.retention_days, 90) + 1""", PreparedStatement::executeUpdate));
        }
        record Stale(UUID store, LocalDate day, long maxId) {
        }
        List<Stale> stale = transactions.executeRead(status -> jdbc.prepareStatement("""
                SELECT store_id, day, max(id) FROM analytics_dirty WHERE created_at < now() - make_interval(secs => ?)
                GROUP BY store_id, day ORDER BY min(id) LIMIT 200""", s -> {
            s.setDouble(1, grace.toMillis() / 1000.0);
            List<Stale> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stale(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class), rs.getLong(3)));
                }
            }
            return out;
        }));
        for (Stale d : stale) {
            transactions.executeWrite(status -> jdbc.execute(c -> {
                rebuild(c, d.store(), d.day());
                try (PreparedStatement s = c.prepareStatement("DELETE FROM analytics_dirty WHERE store_id = ? AND day = ? AND id <= ?")) {
                    s.setObject(1, d.store());
                    s.setObject(2, d.day());
                    s.setLong(3, d.maxId());
                    s.executeUpdate();
                }
                return null;
            }));
        }
        if (!stale.isEmpty()) {
            LOG.debug("Analytics roll-ups rebuilt for {} days", stale.size());
        }
        return stale.size();
    }

    private static void rebuild(Connection c, UUID store, LocalDate day) throws SQLException {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Rollup r = compute(c, store, from, from.plus(Duration.ofDays(1)));
        for (String table : List.of("analytics_days", "analytics_day_faq")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE store_id = ? AND day = ?")) {
                s.setObject(1, store);
                s.setObject(2, day);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO analytics_days (store_id, day, channel, conversations, resolved_ai, resolved_human, escalated, cancelled, started,
                  positive, neutral, negative, trend_n, trend_sum, first_response, resolution, computed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""")) {
            for (Map.Entry<String, Rollup.Cell> e : r.days.getOrDefault(day, Map.of()).entrySet()) {
                Rollup.Cell cell = e.getValue();
                s.setObject(1, store);
                s.setObject(2, day);
                s.setString(3, e.getKey());
                s.setLong(4, cell.conversations);
                s.setLong(5, cell.resolvedAi);
                s.setLong(6, cell.resolvedHuman);
                s.setLong(7, cell.escalated);
                s.setLong(8, cell.cancelled);
                s.setArray(9, c.createArrayOf("integer", boxed(cell.started)));
                s.setArray(10, c.createArrayOf("integer", boxed(cell.positive)));
                s.setArray(11, c.createArrayOf("integer", boxed(cell.neutral)));
                s.setArray(12, c.createArrayOf("integer", boxed(cell.negative)));
                s.setArray(13, c.createArrayOf("integer", boxed(cell.trendN)));
                s.setArray(14, c.createArrayOf("float8", java.util.Arrays.stream(cell.trendSum).boxed().toArray()));
                s.setArray(15, c.createArrayOf("integer", boxed(cell.firstResponse)));
                s.setArray(16, c.createArrayOf("integer", boxed(cell.resolution)));
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO analytics_day_faq (store_id, day, faq_item, cited) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, Long> e : r.faq.getOrDefault(day, Map.of()).entrySet()) {
                s.setObject(1, store);
                s.setObject(2, day);
                s.setString(3, e.getKey());
                s.setLong(4, e.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static Integer[] boxed(int[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
    }

    /** The recurring job. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        RecurringTask<Void> analyticsRollupsTask(Provider<AnalyticsRollups> rollups) {
            return Tasks.recurring(TASK, FixedDelay.ofSeconds(5)).execute((instance, context) -> {
                while (rollups.get().rebuildStale() == 200) {
                    // more stale days waiting: keep going
                }
            });
        }
    }
}
