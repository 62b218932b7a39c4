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
 * $0.15 and $0.60 per million). Conversations are those created in the period; assistant-handled ones
 * are resolved with no agent message. Without a model, everything is zero. Model usage is not recorded
 * per conversation, so per-conversation figures are the period's totals divided by the count.
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
     * @param modelConfigured             whether a language model is configured
     * @param inputTokens                 prompt tokens in the period
     * @param outputTokens                completion tokens in the period
     * @param pricePer1kInputTokens       USD
     * @param pricePer1kOutputTokens      USD
     * @param cost                        USD in the period
     * @param conversations               conversations created in the period
     * @param assistantHandled            of them, resolved with no agent message
     * @param tokensPerConversation       mean tokens per conversation, or {@code null} without conversations
     * @param costPerConversation         USD, or {@code null} without conversations
     * @param costPerAssistantHandled     USD per assistant-handled conversation (the whole cost over them), or {@code null} without any
     * @param anchors                     hosted helpdesks' per-resolution prices
     */
    @Serdeable
    public record Cost(Instant from, Instant to, boolean modelConfigured, long inputTokens, long outputTokens, double pricePer1kInputTokens,
                       double pricePer1kOutputTokens, double cost, long conversations, long assistantHandled,
                       @Nullable Double tokensPerConversation, @Nullable Double costPerConversation,
                       @Nullable Double costPerAssistantHandled, List<Anchor> anchors) {
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
            long conversations;
            long handled;
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT count(*), count(*) FILTER (WHERE c.status = 'resolved' AND NOT EXISTS (
                      SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author = 'agent'))
                    FROM conversations c WHERE c.store_id = ? AND c.created_at >= ? AND c.created_at < ?""")) {
                s.setObject(1, storeId);
                s.setTimestamp(2, Timestamp.from(from));
                s.setTimestamp(3, Timestamp.from(to));
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    conversations = r.getLong(1);
                    handled = r.getLong(2);
                }
            }
            double cost = in / 1000.0 * inputPer1k + out / 1000.0 * outputPer1k;
            return new Cost(from, to, model.configured(), in, out, inputPer1k, outputPer1k, cost, conversations, handled,
                    conversations == 0 ? null : (in + out) / (double) conversations, conversations == 0 ? null : cost / conversations,
                    handled == 0 ? null : cost / handled, ANCHORS);
        }));
    }
}
