package dev.handoff.app.assistant;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Language-model tokens, calls and failures per store and UTC day (table {@code model_usage}), tokens
 * and calls per conversation for the calls made for one (table {@code conversation_model_usage}), and tokens
 * per store, client network and UTC day for the calls made for a widget conversation (table
 * {@code client_model_usage}; the network is the conversation's IPv4 address or its IPv6 /64, as
 * {@link dev.handoff.app.security.ClientAddresses#key} counts rate limits).
 */
@Singleton
class ModelUsage {

    /** The network a conversation's {@code client_ip} counts under: an IPv4 address, or an IPv6 address's /64. */
    private static final String CLIENT_NET =
            "network(set_masklen(client_ip, CASE WHEN family(client_ip) = 6 THEN 64 ELSE 32 END))";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    ModelUsage(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Adds to the day's totals and, when the call was made for a conversation, to the conversation's (in the
     * caller's transaction, or a new one).
     */
    void add(UUID storeId, @Nullable UUID conversationId, LocalDate day, long inputTokens, long outputTokens, boolean failed) {
        transactions.executeWrite(status -> {
            addToDay(storeId, day, inputTokens, outputTokens, failed);
            if (conversationId != null) {
                jdbc.prepareStatement("""
                        INSERT INTO conversation_model_usage (conversation_id, store_id, input_tokens, output_tokens, calls, updated_at)
                        SELECT id, store_id, ?, ?, 1, now() FROM conversations WHERE id = ? AND store_id = ?
                        ON CONFLICT (conversation_id) DO UPDATE SET input_tokens = conversation_model_usage.input_tokens + EXCLUDED.input_tokens,
                          output_tokens = conversation_model_usage.output_tokens + EXCLUDED.output_tokens,
                          calls = conversation_model_usage.calls + 1, updated_at = now()""", s -> {
                    s.setLong(1, inputTokens);
                    s.setLong(2, outputTokens);
                    s.setObject(3, conversationId);
                    s.setObject(4, storeId);
                    return s.executeUpdate();
                });
                jdbc.prepareStatement("""
                        INSERT INTO client_model_usage (store_id, client_net, day, tokens, calls)
                        SELECT store_id, %s, ?, ?, 1 FROM conversations WHERE id = ? AND store_id = ? AND client_ip IS NOT NULL
                        ON CONFLICT (store_id, client_net, day) DO UPDATE SET tokens = client_model_usage.tokens + EXCLUDED.tokens,
                          calls = client_model_usage.calls + 1""".formatted(CLIENT_NET), s -> {
                    s.setDate(1, Date.valueOf(day));
                    s.setLong(2, inputTokens + outputTokens);
                    s.setObject(3, conversationId);
                    s.setObject(4, storeId);
                    return s.executeUpdate();
                });
            }
            return null;
        });
    }

    private void addToDay(UUID storeId, LocalDate day, long inputTokens, long outputTokens, boolean failed) {
        jdbc.prepareStatement("""
                INSERT INTO model_usage (store_id, day, input_tokens, output_tokens, calls, failures) VALUES (?, ?, ?, ?, 1, ?)
                ON CONFLICT (store_id, day) DO UPDATE SET input_tokens = model_usage.input_tokens + EXCLUDED.input_tokens,
                  output_tokens = model_usage.output_tokens + EXCLUDED.output_tokens, calls = model_usage.calls + 1,
                  failures = model_usage.failures + EXCLUDED.failures""", s -> {
            s.setObject(1, storeId);
            s.setDate(2, Date.valueOf(day));
            s.setLong(3, inputTokens);
            s.setLong(4, outputTokens);
            s.setInt(5, failed ? 1 : 0);
            return s.executeUpdate();
        });
    }

    /**
     * @return the tokens spent so far by this conversation (over its life) and, for a widget conversation with a
     *         known address, by every conversation of its store from the same client network on {@code day}
     */
    Spent spentFor(UUID conversationId, LocalDate day) {
        return transactions.executeRead(status -> jdbc.prepareStatement("""
                SELECT coalesce((SELECT input_tokens + output_tokens FROM conversation_model_usage WHERE conversation_id = c.id), 0),
                       coalesce((SELECT tokens FROM client_model_usage u WHERE u.store_id = c.store_id AND u.day = ?
                                 AND u.client_net = %s), 0)
                FROM conversations c WHERE c.id = ?""".formatted(CLIENT_NET.replace("client_ip", "c.client_ip")), s -> {
            s.setDate(1, Date.valueOf(day));
            s.setObject(2, conversationId);
            try (var rs = s.executeQuery()) {
                return rs.next() ? new Spent(rs.getLong(1), rs.getLong(2)) : new Spent(0, 0);
            }
        }));
    }

    /** @param conversation tokens of the conversation's calls @param client tokens of its client network's calls today */
    record Spent(long conversation, long client) {
    }

    /** Every hour: {@link #prune} with addresses kept seven days. */
    @io.micronaut.scheduling.annotation.Scheduled(fixedDelay = "1h", initialDelay = "1m")
    void pruneHourly() {
        java.time.Instant now = java.time.Instant.now();
        prune(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC), now.minus(java.time.Duration.ofDays(7)));
    }

    /**
     * Forgets what only the per-address budget needed: client networks' usage before yesterday and the
     * addresses of conversations started before {@code keepAddressesSince}.
     *
     * @return rows changed
     */
    int prune(LocalDate today, java.time.Instant keepAddressesSince) {
        return transactions.executeWrite(status -> jdbc.prepareStatement("DELETE FROM client_model_usage WHERE day < ?", s -> {
            s.setDate(1, Date.valueOf(today.minusDays(1)));
            return s.executeUpdate();
        }) + jdbc.prepareStatement("UPDATE conversations SET client_ip = NULL WHERE client_ip IS NOT NULL AND created_at < ?", s -> {
            s.setObject(1, java.sql.Timestamp.from(keepAddressesSince));
            return s.executeUpdate();
        }));
    }

    /** @return the day's totals (zeros when there were no calls) */
    Totals of(UUID storeId, LocalDate day) {
        return transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT input_tokens, output_tokens, calls, failures FROM model_usage WHERE store_id = ? AND day = ?", s -> {
                    s.setObject(1, storeId);
                    s.setDate(2, Date.valueOf(day));
                    try (var rs = s.executeQuery()) {
                        return rs.next() ? new Totals(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4)) : new Totals(0, 0, 0, 0);
                    }
                }));
    }

    /** A day's usage. @param inputTokens prompt tokens @param outputTokens completion tokens @param calls model calls @param failures failed calls */
    record Totals(long inputTokens, long outputTokens, int calls, int failures) {

        long tokens() {
            return inputTokens + outputTokens;
        }
    }
}
