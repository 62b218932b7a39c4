package dev.handoff.app.assistant.faq;

import java.util.UUID;

/**
 * One FAQ item a message might be asking about, as an {@link FaqView} scores it.
 *
 * @param itemId              the FAQ item
 * @param question            its question (what a "Did you mean …?" quick reply shows)
 * @param phrasingSimilarity  cosine similarity, in [-1, 1], between the message and the closest of the
 *                            item's phrasings (question and alternate phrasings); {@code -1} when unknown
 * @param answerSimilarity    cosine similarity between the message and the item's answer (embedded as a
 *                            passage); {@code -1} when unknown
 * @param keywordRank         1-based rank of the item in the BM25 ranking (phrasing + answer text), 0 when
 *                            no keyword matched
 * @param hubness             the item's centred hubness in its FAQ ({@link FaqHubness}): positive for an item
 *                            among many other items' phrasings; 0 when unknown
 */
public record FaqCandidate(UUID itemId, String question, double phrasingSimilarity, double answerSimilarity, int keywordRank,
                           double hubness) {
}
