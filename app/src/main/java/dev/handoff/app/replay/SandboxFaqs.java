package dev.handoff.app.replay;

import dev.handoff.app.assistant.faq.FaqGate;
import dev.handoff.app.knowledge.AnswerVectors;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.search.FaqDocument;
import dev.handoff.app.search.LuceneFaqIndex;
import dev.handoff.app.search.SearchAnalysis;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@link SandboxFaq}s: every phrasing of every published item embedded as the live indexer does
 * (one vector per phrasing, {@link FaqItem#phrasings()}), through a bounded cache of phrasing vectors so
 * that previewing one more edit re-embeds only what changed; answers through the live
 * {@link AnswerVectors} (cached by item version).
 */
@Singleton
class SandboxFaqs {

    private static final int CACHED = 50_000;

    private final EmbeddingService embeddings;
    private final SearchAnalysis analysis;
    private final AnswerVectors answers;
    private final Map<String, float[]> vectors = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHED;
        }
    });

    SandboxFaqs(EmbeddingService embeddings, SearchAnalysis analysis, AnswerVectors answers) {
        this.embeddings = embeddings;
        this.analysis = analysis;
        this.answers = answers;
    }

    /**
     * @param beforeEachItem run before each item's phrasings and answer are embedded (on the caller's
     *                       thread, one item after another): a replay gives way to live shoppers there
     * @return the knowledge base {@code items} in memory, deciding through {@code gate}
     */
    SandboxFaq build(UUID storeId, List<FaqItem> items, FaqGate gate, Runnable beforeEachItem) {
        // drafts are not retrieved by the live assistant either
        List<FaqDocument> documents = new ArrayList<>();
        Map<UUID, FaqItem> published = new HashMap<>();
        Map<UUID, float[]> answerVectors = new HashMap<>();
        for (FaqItem item : items) {
            if (item.published()) {
                beforeEachItem.run();
                List<String> phrasings = item.phrasings();
                documents.add(new FaqDocument(storeId, item.id(), phrasings, phrasings.stream().map(this::vector).toList(),
                        item.answer(), item.updatedAt()));
                published.put(item.id(), item);
                answerVectors.put(item.id(), answers.of(item));
            }
        }
        return new SandboxFaq(storeId, LuceneFaqIndex.inMemory(analysis, documents), published, answerVectors, gate);
    }

    private float[] vector(String phrasing) {
        float[] v = vectors.get(phrasing);
        if (v == null) {
            v = embeddings.embed(phrasing);
            vectors.put(phrasing, v);
        }
        return v;
    }
}
