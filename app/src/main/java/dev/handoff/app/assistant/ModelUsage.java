package dev.handoff.app.assistant;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;

/** Language-model tokens, calls and failures per store and UTC day (table {@code model_usage}). */
@Singleton
class ModelUsage {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    ModelUsage(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Adds to the day's totals (in the caller's transaction, or a new one). */
    void add(UUID storeId, LocalDate day, long inputTokens, long outputTokens, boolean failed) {
        transactions.executeWrite(status -> jdbc.prepareStatement("""
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
