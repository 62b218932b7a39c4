package dev.handoff.app.assistant;

import dev.handoff.app.search.FaqHit;

/**
 * The FAQ answer gate: whether the top item of hybrid retrieval is grounded enough to quote. It must be
 * the vector ranking's first, and either the keyword (BM25) ranking puts it first too and its best
 * phrasing's cosine similarity with the message is at least {@code minSimilarity}, or the similarity
 * alone reaches {@code strongSimilarity}. Defaults 0.525 and 0.625, tuned on the clinc150 dev split
 * (README). Used by the live turn ({@link AssistantTurn}) and by replays of a proposed knowledge base.
 *
 * @param minSimilarity    cosine similarity needed when BM25 agrees, in [-1, 1]
 * @param strongSimilarity cosine similarity that suffices alone, in [-1, 1]
 */
public record FaqGate(double minSimilarity, double strongSimilarity) {

    /** @return whether {@code top} may be quoted as the answer */
    public boolean confident(FaqHit top) {
        if (top.vectorRank() != 1) {
            return false;
        }
        return top.keywordRank() == 1 && top.similarity() >= minSimilarity || top.similarity() >= strongSimilarity;
    }
}
