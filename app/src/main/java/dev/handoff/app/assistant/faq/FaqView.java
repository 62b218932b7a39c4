package dev.handoff.app.assistant.faq;

import java.util.List;

/**
 * A read-only view of one store's FAQ, as the assistant's decision reads it: the items closest to a
 * message with their similarities. Implementations: the store's search index
 * ({@code dev.handoff.app.knowledge.IndexFaqView}) and {@link InMemoryFaqView} (a proposed FAQ, a
 * replay, the benchmarks).
 */
public interface FaqView {

    /**
     * @param text   the shopper's message
     * @param vector its embedding ({@code EmbeddingService#embed})
     * @param limit  maximum candidates, 1..50
     * @return candidates, highest {@link FaqCandidate#phrasingSimilarity} first
     */
    List<FaqCandidate> candidates(String text, float[] vector, int limit);
}
