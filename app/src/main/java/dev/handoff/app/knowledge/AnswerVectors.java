package dev.handoff.app.knowledge;

import dev.handoff.app.search.EmbeddingService;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.UUID;

/**
 * The embeddings of FAQ answers ({@link EmbeddingService#embed}), kept in a bounded
 * least-recently-used cache keyed by item and version: a cache of what the item's text determines, so
 * every node computes the same vectors (nothing shared lives here). An item's answer is embedded when
 * it is saved ({@link FaqIndexer}) or, on another node, the first time a message retrieves it.
 */
@Singleton
public class AnswerVectors {

    private static final int MAX_ENTRIES = 20_000;

    private record Key(UUID itemId, Instant version) {
    }

    private final EmbeddingService embeddings;
    private final VectorCache<Key> cache = new VectorCache<>(MAX_ENTRIES);

    AnswerVectors(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    /** @return the unit vector of the item's answer as it reads now */
    public float[] of(FaqItem item) {
        return cache.get(new Key(item.id(), item.updatedAt()), k -> embeddings.embed(item.answer()));
    }
}
