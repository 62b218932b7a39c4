package dev.handoff.app.assistant.faq;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.UUID;

/**
 * What the assistant decides about a shopper message against a store's FAQ (see {@link FaqDecider}).
 *
 * @param outcome  {@code answer}: quote {@code items[0]}; {@code clarify}: ask "Did you mean …?" with
 *                 {@code choices}; {@code silent}: no grounded answer
 * @param ranked   the best candidates (at most five) with their scores, best first, whatever the outcome
 * @param choices  the items offered when clarifying (two or three), empty otherwise
 * @param plausible the items a language model may see (score before the hubness correction at least
 *                 {@link FaqGate#modelScore}), best first
 * @param margin   the top item's score minus the second's (the top score when there is one item)
 * @param reason   why, in words (for logs and replays)
 */
@Serdeable
public record FaqDecision(Outcome outcome, List<Scored> ranked, List<Scored> choices, List<Scored> plausible, double margin,
                          String reason) {

    /** The three things the assistant can do with an FAQ question. */
    public enum Outcome { answer, clarify, silent }

    /**
     * One scored candidate.
     *
     * @param itemId             the FAQ item
     * @param question           its question
     * @param score              the combined score the gate compares ({@link FaqGate})
     * @param phrasingSimilarity cosine similarity with the closest phrasing
     * @param answerSimilarity   cosine similarity with the answer
     * @param keywordRank        BM25 rank, 0 when absent
     */
    @Serdeable
    public record Scored(UUID itemId, String question, double score, double phrasingSimilarity, double answerSimilarity,
                         int keywordRank) {
    }

    /** @return the item to answer with @throws IllegalStateException unless the outcome is {@code answer} */
    public Scored answer() {
        if (outcome != Outcome.answer) {
            throw new IllegalStateException("No answer: " + outcome);
        }
        return ranked.get(0);
    }
}
