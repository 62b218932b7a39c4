package dev.handoff.app.insights;

import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.knowledge.KnowledgeService;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Honest quality per FAQ item over a period, from what happened after each answer ({@link AnswerOutcomes}):
 * answers given, followed by a person's reply, reopened within a week, rated down; and the review list,
 * the items cited in conversations with a bad rating or a person's correction, worst first, each with
 * the conversations to read.
 */
@Singleton
public class FaqItemQuality {

    private final AnswerOutcomes outcomes;
    private final KnowledgeService knowledge;
    private final TransactionOperations<Connection> transactions;

    FaqItemQuality(AnswerOutcomes outcomes, KnowledgeService knowledge, TransactionOperations<Connection> transactions) {
        this.outcomes = outcomes;
        this.knowledge = knowledge;
        this.transactions = transactions;
    }

    /**
     * One item's figures.
     *
     * @param itemId          the FAQ item
     * @param question        its question ({@code "(deleted item)"} once deleted)
     * @param answers         answers citing it
     * @param followedByPerson of them, followed by an agent's reply
     * @param reopened        of them, in conversations reopened within a week
     * @param ratedDown       of them, in conversations rated down afterwards
     * @param right           of them, with none of the above
     */
    @Serdeable
    public record ItemQuality(UUID itemId, String question, int answers, int followedByPerson, int reopened, int ratedDown, int right) {
    }

    /**
     * A conversation to read for an item under review.
     *
     * @param conversationId the conversation
     * @param question       what the shopper asked
     * @param reason         {@code rated_down} or {@code person_corrected} (a rating wins)
     * @param at             when the assistant answered
     */
    @Serdeable
    public record ReviewCase(UUID conversationId, String question, String reason, Instant at) {
    }

    /** An item to review. @param cases its conversations with a bad rating or a person's correction, newest first (at most ten) */
    @Serdeable
    public record Review(UUID itemId, String question, int ratedDown, int followedByPerson, List<ReviewCase> cases) {
    }

    /** @param items every item cited in the period, most answers first @param review items to review, most problems first */
    @Serdeable
    public record Result(Instant from, Instant to, List<ItemQuality> items, List<Review> review) {
    }

    /** Quality of the store's FAQ answers sent in [from, to). */
    public Result of(UUID storeId, Instant from, Instant to) {
        List<AnswerOutcomes.Answer> answers = transactions.executeRead(s -> outcomes.of(storeId, from, to));
        Map<UUID, int[]> counts = new HashMap<>(); // answers, person, reopened, down, right
        Map<UUID, List<ReviewCase>> cases = new HashMap<>();
        for (AnswerOutcomes.Answer a : answers) {
            for (UUID item : a.itemIds()) {
                int[] c = counts.computeIfAbsent(item, k -> new int[5]);
                c[0]++;
                c[1] += a.personReplied() ? 1 : 0;
                c[2] += a.reopened() ? 1 : 0;
                c[3] += a.ratedDown() ? 1 : 0;
                c[4] += a.right() ? 1 : 0;
                if (a.ratedDown() || a.personReplied()) {
                    cases.computeIfAbsent(item, k -> new ArrayList<>()).add(new ReviewCase(a.conversationId(), a.question(),
                            a.ratedDown() ? "rated_down" : "person_corrected", a.at()));
                }
            }
        }
        Map<UUID, FaqItem> items = transactions.executeRead(s -> knowledge.itemsById(new ArrayList<>(counts.keySet())));
        List<ItemQuality> quality = counts.entrySet().stream()
                .map(e -> new ItemQuality(e.getKey(), question(items, e.getKey()), e.getValue()[0], e.getValue()[1], e.getValue()[2],
                        e.getValue()[3], e.getValue()[4]))
                .sorted(Comparator.comparingInt(ItemQuality::answers).reversed().thenComparing(ItemQuality::question)).toList();
        List<Review> review = cases.entrySet().stream().map(e -> {
                    int[] c = counts.get(e.getKey());
                    List<ReviewCase> newest = e.getValue().stream().sorted(Comparator.comparing(ReviewCase::at).reversed()).limit(10).toList();
                    return new Review(e.getKey(), question(items, e.getKey()), c[3], c[1], newest);
                })
                .sorted(Comparator.comparingInt((Review r) -> r.ratedDown() + r.followedByPerson()).reversed().thenComparing(Review::question))
                .toList();
        return new Result(from, to, quality, review);
    }

    private static String question(Map<UUID, FaqItem> items, UUID id) {
        FaqItem item = items.get(id);
        return item == null ? "(deleted item)" : item.question();
    }
}
