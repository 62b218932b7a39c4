package dev.handoff.app.search;

import java.util.UUID;

/**
 * One FAQ item found by hybrid search.
 *
 * @param itemId      FAQ item id
 * @param fusedScore  reciprocal rank fusion score (higher is better; at most 2/61)
 * @param similarity  best cosine similarity between the query and any phrasing of the item, in [-1, 1];
 *                    {@code -1} when the vector search did not return the item
 * @param keywordRank 1-based rank in the BM25 ranking, 0 when absent
 * @param vectorRank  1-based rank in the kNN ranking, 0 when absent
 */
public record FaqHit(UUID itemId, double fusedScore, double similarity, int keywordRank, int vectorRank) {
}
