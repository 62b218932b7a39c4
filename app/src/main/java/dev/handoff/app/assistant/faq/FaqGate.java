package dev.handoff.app.assistant.faq;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The thresholds of the assistant's FAQ decision ({@link FaqDecider}), calibrated on the clinc150 dev
 * split with one question per item (README, {@code bench/quality.sh}).
 *
 * @param answerWeight   weight of the answer's similarity in an item's score: score = (phrasing
 *                       similarity + answerWeight × answer similarity) / (1 + answerWeight)
 * @param keywordBonus   added to the score of the item BM25 ranks first (keyword agreement)
 * @param hubnessWeight  times the item's centred {@link FaqHubness}, subtracted from its score (0: no correction)
 * @param answerScore    the top item's score must reach this to be answered
 * @param margin         ... and lead the second item by at least this much (otherwise the two are ambiguous)
 * @param clarifyScore   when the top item is not answered, items scoring at least this much and within
 *                       {@code clarifyBand} of the top one are offered as "Did you mean …?" choices (two or more)
 * @param clarifyBand    how close to the top item a choice must score
 * @param modelScore     with a language model, the items scoring at least this much before the hubness correction
 *                       are shown to it (a wider band than the offline answer)
 */
@Serdeable
public record FaqGate(double answerWeight, double keywordBonus, double hubnessWeight, double answerScore, double margin, double clarifyScore,
                      double clarifyBand, double modelScore) {
}
