package dev.handoff.app.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The search index contract for FAQ items: BM25 over phrasing + answer, kNN over phrasing vectors,
 * fused with {@link ReciprocalRankFusion}, every query filtered to one store. Writes are visible to
 * the next search when the write method returns. Implementations: {@link LuceneFaqIndex},
 * {@link ElasticsearchFaqIndex}, and {@link FailoverFaqIndex} in front of them (the bean the app
 * uses); {@code FaqIndexContractTest} runs against both backends. Failures of a remote backend
 * surface as {@link SearchUnavailableException}.
 */
public interface FaqIndex {

    /** Adds or replaces every document of an item. */
    void upsert(FaqDocument document);

    /** Removes an item; unknown ids are ignored. */
    void delete(UUID itemId);

    /**
     * Hybrid search.
     *
     * @param storeId only this store's items are returned
     * @param query   the shopper's text (for BM25)
     * @param vector  its embedding (for kNN)
     * @param limit   maximum hits, 1..100
     * @param mode    which rankings to use
     * @return hits, best first
     */
    List<FaqHit> search(UUID storeId, String query, float[] vector, int limit, SearchMode mode);

    /** Starts a full rebuild; see {@link IndexRebuild}. @throws IllegalStateException when one is already running */
    IndexRebuild<FaqDocument> rebuild();

    /** @return every indexed item id with the {@code updatedAt} it was indexed at (for reconciliation) */
    Map<UUID, Instant> indexedVersions();
}
