package dev.handoff.app.analytics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What the assistant did on its own in a period, counted honestly from the tables (conversations
 * created in [from, to)). A conversation the assistant <em>handled alone</em> got at least one
 * assistant answer (order status or FAQ), no person's reply and no ticket.
 *
 * @param confirmed               handled alone and resolved
 * @param assumed                 handled alone, not closed yet, and quiet for at least {@link #QUIET} after the assistant's answer
 *                                (the last shopper-visible message is the assistant's)
 * @param reopened                handled alone, resolved, and the shopper wrote again within 7 days of the resolution
 * @param automationRate          (confirmed + assumed) / conversations, in [0, 1]; 0 without conversations
 * @param teamFirstResponse       from the shopper's first message to the first <em>person's</em> reply, in seconds
 *                                (conversations a person answered)
 * @param assistantFirstResponse  from the shopper's first message to the assistant's first answer, in seconds
 */
@Serdeable
public record AssistantCredit(long confirmed, long assumed, long reopened, double automationRate,
                              AnalyticsService.Percentiles teamFirstResponse, AnalyticsService.Percentiles assistantFirstResponse) {

    /** How long a conversation stays quiet after the assistant's answer before it counts as handled. */
    public static final Duration QUIET = Duration.ofHours(1);

    static AssistantCredit compute(Connection c, UUID store, Instant from, Instant to, Instant now, long conversations) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                WITH x AS (
                  SELECT c.id, c.status, c.first_message_at, c.resolved_at, c.last_activity_at,
                         (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'agent') AS person_at,
                         (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'assistant'
                                 AND m.source IS NOT NULL) AS answer_at,
                         (SELECT m.author FROM messages m WHERE m.conversation_id = c.id AND m.author <> 'system'
                                 ORDER BY m.created_at DESC LIMIT 1) AS last_author,
                         EXISTS (SELECT 1 FROM tickets t WHERE t.conversation_id = c.id) AS ticket
                  FROM conversations c WHERE c.store_id = ? AND c.created_at >= ? AND c.created_at < ?)
                SELECT count(*) FILTER (WHERE alone AND status = 'resolved'),
                       count(*) FILTER (WHERE alone AND status = 'pending' AND last_author = 'assistant' AND last_activity_at <= ?),
                       count(*) FILTER (WHERE alone AND resolved_at IS NOT NULL AND EXISTS (
                           SELECT 1 FROM messages m WHERE m.conversation_id = y.id AND m.author = 'customer'
                              AND m.created_at > y.resolved_at AND m.created_at <= y.resolved_at + interval '7 days')),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM person_at - first_message_at))
                           FILTER (WHERE person_at IS NOT NULL AND first_message_at IS NOT NULL),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM person_at - first_message_at))
                           FILTER (WHERE person_at IS NOT NULL AND first_message_at IS NOT NULL),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answer_at - first_message_at))
                           FILTER (WHERE answer_at IS NOT NULL AND first_message_at IS NOT NULL),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM answer_at - first_message_at))
                           FILTER (WHERE answer_at IS NOT NULL AND first_message_at IS NOT NULL)
                FROM (SELECT x.*, answer_at IS NOT NULL AND person_at IS NULL AND NOT ticket AS alone FROM x) y""")) {
            AnalyticsRollups.bind(s, store, from, to, 1);
            s.setTimestamp(4, Timestamp.from(now.minus(QUIET)));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long confirmed = r.getLong(1);
                long assumed = r.getLong(2);
                return new AssistantCredit(confirmed, assumed, r.getLong(3),
                        conversations == 0 ? 0 : Math.min(1, (confirmed + assumed) / (double) conversations),
                        new AnalyticsService.Percentiles(nullable(r, 4), nullable(r, 5)),
                        new AnalyticsService.Percentiles(nullable(r, 6), nullable(r, 7)));
            }
        }
    }

    private static @Nullable Double nullable(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }
}
