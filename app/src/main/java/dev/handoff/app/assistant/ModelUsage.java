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
 * Language-model tokens, calls and failures per store and UTC day (table {@code model_usage}), and tokens
 * and calls per conversation for the calls made for one (table {@code conversation_model_usage}).
 */
@Singleton
class ModelUsage {

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

    /** @return the tokens (input and output) of every call made for this conversation so far (0 when none) */
    long tokensOf(UUID conversationId) {
        return transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT input_tokens + output_tokens FROM conversation_model_usage WHERE conversation_id = ?", s -> {
                    s.setObject(1, conversationId);
                    try (var rs = s.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : 0L;
                    }
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
