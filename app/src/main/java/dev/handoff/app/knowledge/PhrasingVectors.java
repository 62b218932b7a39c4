package dev.handoff.app.knowledge;

import dev.handoff.app.search.EmbeddingService;
import jakarta.inject.Singleton;


/**
 * The embeddings of FAQ phrasings (an item's question and its alternate phrasings,
 * {@link EmbeddingService#embed}), kept in a bounded least-recently-used cache keyed by the text: the FAQ
 * indexer fills it as it indexes, and a replay's sandbox knowledge bases ({@code replay.SandboxFaqs}) then
 * embed only the phrasings a proposed change adds. A cache of what the text alone determines, so every
 * node computes the same vectors; after a restart it starts empty (the first preview embeds the FAQ).
 * At most {@link #MAX_ENTRIES} vectors ({@link VectorCache}).
 */
@Singleton
public class PhrasingVectors {

    static final int MAX_ENTRIES = 20_000;

    private final EmbeddingService embeddings;
    private final VectorCache<String> cache = new VectorCache<>(MAX_ENTRIES);

    PhrasingVectors(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    /** @return the unit vector of {@code phrasing} ({@link EmbeddingService#embed}), computed once while cached */
    public float[] of(String phrasing) {
        return cache.get(phrasing, embeddings::embed);
    }
}
