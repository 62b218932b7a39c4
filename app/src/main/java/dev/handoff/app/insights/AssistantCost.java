package dev.handoff.app.insights;

import dev.handoff.app.assistant.AssistantModel;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * What the language model costs per conversation, beside what hosted helpdesks charge per AI
 * resolution. Tokens come from {@code model_usage} (per store and UTC day, so a period is counted in
 * whole UTC days: from the day of {@code from} to the day before {@code to}'s, or {@code to}'s day
 * when {@code to} is not midnight), priced at {@code handoff.llm.price-per-1k-input-tokens} and
 * {@code handoff.llm.price-per-1k-output-tokens} (USD; defaults are gpt-4o-mini's list prices,
 * $0.15 and $0.60 per million): the period's spend. Per conversation, each conversation's own calls count
 * (the decision, answer, summary and suggested-reply calls made for it, {@code conversation_model_usage},
 * whenever they were made): the conversations are those created in the period, assistant-handled ones are
 * resolved with no agent message, and each figure is over that conversation's own tokens (mean, median and
 * 90th percentile per conversation; mean per assistant-handled conversation, the number to hold against a
 * hosted helpdesk's price per resolution). Calls made for no conversation (drafted FAQ answers) are in the
 * period's spend only. Without a model, everything is zero.
 */
@Singleton
public class AssistantCost {

    /**
     * Per-resolution list prices of hosted AI helpdesks (USD, 2025 public pricing pages), for comparison.
     * Intercom Fin: $0.99 per resolution; Zendesk automated resolutions: $1.50 committed, $2.00 pay as
     * you go; Gorgias AI Agent: about $0.90 to $1.00 per automated interaction on annual plans.
     */
    static final List<Anchor> ANCHORS = List.of(
            new Anchor("Gorgias AI Agent (annual plans)", 0.90),
            new Anchor("Intercom Fin", 0.99),
            new Anchor("Zendesk automated resolution (committed)", 1.50),
            new Anchor("Zendesk automated resolution (pay as you go)", 2.00));

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final AssistantModel model;
    private final double inputPer1k;
    private final double outputPer1k;

    AssistantCost(JdbcOperations jdbc, TransactionOperations<Connection> transactions, AssistantModel model,
                  @Value("${handoff.llm.price-per-1k-input-tokens:0.00015}") double inputPer1k,
                  @Value("${handoff.llm.price-per-1k-output-tokens:0.0006}") double outputPer1k) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.model = model;
        this.inputPer1k = inputPer1k;
        this.outputPer1k = outputPer1k;
    }

    /** A hosted helpdesk's price. @param name product @param perResolution USD per AI resolution */
    @Serdeable
    public record Anchor(String name, double perResolution) {
    }

    /**
     * The period's cost.
     *
     * @param modelConfigured              whether a language model is configured
     * @param inputTokens                  prompt tokens in the period (every call, per UTC day)
     * @param outputTokens                 completion tokens in the period
     * @param pricePer1kInputTokens        USD
     * @param pricePer1kOutputTokens       USD
     * @param cost                         USD spent in the period (every call)
     * @param conversations                conversations created in the period
     * @param assistantHandled             of them, resolved with no agent message
     * @param tokensPerConversation        mean of each conversation's own tokens, or {@code null} without conversations
     * @param costPerConversation          mean of each conversation's own cost (USD), or {@code null} without conversations
     * @param costPerConversationMedian    median of the conversations' own costs, or {@code null}
     * @param costPerConversationP90       90th percentile (linear interpolation) of the conversations' own costs, or {@code null}
     * @param tokensPerAssistantHandled    mean of the assistant-handled conversations' own tokens, or {@code null} without any
     * @param costPerAssistantHandled      mean of the assistant-handled conversations' own cost (USD), or {@code null} without any
     * @param anchors                      hosted helpdesks' per-resolution prices
     */
    @Serdeable
    public record Cost(Instant from, Instant to, boolean modelConfigured, long inputTokens, long outputTokens, double pricePer1kInputTokens,
                       double pricePer1kOutputTokens, double cost, long conversations, long assistantHandled,
                       @Nullable Double tokensPerConversation, @Nullable Double costPerConversation,
                       @Nullable Double costPerConversationMedian, @Nullable Double costPerConversationP90,
                       @Nullable Double tokensPerAssistantHandled, @Nullable Double costPerAssistantHandled, List<Anchor> anchors) {
    }

    /** @return the cost of [from, to) */
    public Cost of(UUID storeId, Instant from, Instant to) {
        return transactions.executeRead(status -> jdbc.execute(c -> {
            long in = 0;
            long out = 0;
            LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
            LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
            if (!to.equals(end.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                end = end.plusDays(1);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0) FROM model_usage WHERE store_id = ? AND day >= ? AND day < ?")) {
                s.setObject(1, storeId);
                s.setDate(2, Date.valueOf(first));
                s.setDate(3, Date.valueOf(end));
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    in = r.getLong(1);
                    out = r.getLong(2);
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT count(*), count(*) FILTER (WHERE handled),
                           avg(tokens), avg(cost), percentile_cont(0.5) WITHIN GROUP (ORDER BY cost),
                           percentile_cont(0.9) WITHIN GROUP (ORDER BY cost), avg(tokens) FILTER (WHERE handled), avg(cost) FILTER (WHERE handled)
                    FROM (SELECT c.status = 'resolved' AND NOT EXISTS (
                                   SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author = 'agent') AS handled,
                                 coalesce(u.input_tokens, 0) + coalesce(u.output_tokens, 0) AS tokens,
                                 coalesce(u.input_tokens, 0) / 1000.0 * ? + coalesce(u.output_tokens, 0) / 1000.0 * ? AS cost
                          FROM conversations c LEFT JOIN conversation_model_usage u ON u.conversation_id = c.id
                          WHERE c.store_id = ? AND c.created_at >= ? AND c.created_at < ?) x""")) {
                s.setDouble(1, inputPer1k);
                s.setDouble(2, outputPer1k);
                s.setObject(3, storeId);
                s.setTimestamp(4, Timestamp.from(from));
                s.setTimestamp(5, Timestamp.from(to));
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    double cost = in / 1000.0 * inputPer1k + out / 1000.0 * outputPer1k;
                    return new Cost(from, to, model.configured(), in, out, inputPer1k, outputPer1k, cost, r.getLong(1), r.getLong(2),
                            number(r, 3), number(r, 4), number(r, 5), number(r, 6), number(r, 7), number(r, 8), ANCHORS);
                }
            }
        }));
    }

    private static Double number(ResultSet r, int column) throws java.sql.SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }
}
