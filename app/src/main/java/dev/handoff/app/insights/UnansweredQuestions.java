package dev.handoff.app.insights;

import dev.handoff.app.conversation.Message;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The shopper questions the assistant did not answer in a period, the input of every grouping of
 * unanswered questions (analytics, the weekly summary, {@link UnansweredClusters}). One SQL query, a
 * {@code UNION ALL} of sources, each row naming its source:
 * <ul>
 *   <li>{@code silent}: customer messages the assistant stayed silent on ({@code unanswered_messages},
 *       written by the assistant's turn);</li>
 *   <li>{@code person_answered}: customer messages whose next reply is an agent's: neither the shopper
 *       wrote again nor the assistant answered (a message with a source; an escalation notice is no
 *       answer) before a person did;</li>
 *   <li>{@code help_search}: help center searches that found nothing ({@code help_events}, written by
 *       {@code HelpEvents}; the id is derived from the event's, there is no conversation).</li>
 * </ul>
 * A new source (for example help-center searches that found nothing) is one more {@code UNION ALL}
 * branch selecting the same columns: an id, its conversation (or {@code NULL}), the text, its embedding
 * (384 little-endian float32, or {@code NULL}: then grouping falls back to equal text), the time and the
 * source name. Every branch must be filtered by store and period.
 */
@Singleton
public class UnansweredQuestions {

    /** The query; parameters per branch: store, from, to. */
    static final String SQL = """
            SELECT * FROM (
              SELECT m.id, m.conversation_id, m.body_text, m.embedding, m.created_at, 'silent' AS source
              FROM unanswered_messages u JOIN messages m ON m.id = u.message_id
              WHERE u.store_id = ? AND u.created_at >= ? AND u.created_at < ?
            UNION ALL
              SELECT m.id, m.conversation_id, m.body_text, m.embedding, m.created_at, 'person_answered'
              FROM messages m
              WHERE m.store_id = ? AND m.author = 'customer' AND m.created_at >= ? AND m.created_at < ?
                AND NOT EXISTS (SELECT 1 FROM unanswered_messages u WHERE u.message_id = m.id)
                AND EXISTS (
                  SELECT 1 FROM (
                    SELECT r.author, r.source FROM messages r
                    WHERE r.conversation_id = m.conversation_id AND r.created_at > m.created_at
                      AND r.author IN ('assistant', 'agent', 'customer') AND (r.author <> 'assistant' OR r.source IS NOT NULL)
                    ORDER BY r.created_at LIMIT 1) nxt
                  WHERE nxt.author = 'agent')
            UNION ALL
              SELECT md5('help_event:' || h.id)::uuid, NULL::uuid, h.query, h.embedding, h.created_at, 'help_search'
              FROM help_events h
              WHERE h.store_id = ? AND h.created_at >= ? AND h.created_at < ? AND h.kind = 'search' AND h.results = 0
            ) q ORDER BY created_at DESC LIMIT ?""";

    /** Sources of a question. */
    public enum Source { silent, person_answered, help_search }

    /**
     * One unanswered question.
     *
     * @param id             the message id
     * @param conversationId its conversation, or {@code null} for sources without one
     * @param text           what the shopper wrote
     * @param vector         its embedding (unit length), or {@code null} when it was never embedded
     * @param createdAt      when it was written
     * @param source         where it comes from
     */
    public record Question(UUID id, @Nullable UUID conversationId, String text, @Nullable float[] vector, Instant createdAt,
                           Source source) {
    }

    private final JdbcOperations jdbc;

    UnansweredQuestions(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Reads the questions of [from, to), newest first; call inside a (read-only) transaction.
     *
     * @param limit at most this many (the newest)
     */
    public List<Question> of(UUID storeId, Instant from, Instant to, int limit) {
        return jdbc.execute(c -> {
            List<Question> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SQL)) {
                int p = 1;
                for (int branch = 0; branch < 3; branch++) {
                    s.setObject(p++, storeId);
                    s.setTimestamp(p++, Timestamp.from(from));
                    s.setTimestamp(p++, Timestamp.from(to));
                }
                s.setInt(p, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        byte[] e = r.getBytes(4);
                        out.add(new Question(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3),
                                e == null ? null : Message.floats(e), r.getTimestamp(5).toInstant(), Source.valueOf(r.getString(6))));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }
}
