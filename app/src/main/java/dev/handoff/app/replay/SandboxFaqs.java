package dev.handoff.app.replay;

import dev.handoff.app.assistant.faq.FaqGate;
import dev.handoff.app.assistant.faq.FaqHubness;
import dev.handoff.app.knowledge.AnswerVectors;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.knowledge.PhrasingVectors;
import dev.handoff.app.search.FaqDocument;
import dev.handoff.app.search.LuceneFaqIndex;
import dev.handoff.app.search.SearchAnalysis;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@link SandboxFaq}s: every phrasing of every published item embedded as the live indexer does
 * (one vector per phrasing, {@link FaqItem#phrasings()}), through the {@link PhrasingVectors} the indexer
 * fills, so a preview embeds only the phrasings its change adds; answers through the live
 * {@link AnswerVectors} (cached by item version); each item's hubness among the sandbox's items, as the live
 * {@code StoreHubness} computes it among the store's.
 */
@Singleton
class SandboxFaqs {

    private final SearchAnalysis analysis;
    private final AnswerVectors answers;
    private final PhrasingVectors phrasings;

    SandboxFaqs(SearchAnalysis analysis, AnswerVectors answers, PhrasingVectors phrasings) {
        this.analysis = analysis;
        this.answers = answers;
        this.phrasings = phrasings;
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
                List<String> texts = item.phrasings();
                documents.add(new FaqDocument(storeId, item.id(), texts, texts.stream().map(phrasings::of).toList(),
                        item.answer(), item.updatedAt()));
                published.put(item.id(), item);
                answerVectors.put(item.id(), answers.of(item));
            }
        }
        Map<UUID, Double> hubness = gate.hubnessWeight() == 0 ? Map.of() : FaqHubness.of(documents.stream()
                .map(d -> new FaqHubness.ItemVectors(d.itemId(), d.vectors(), answerVectors.get(d.itemId()))).toList());
        return new SandboxFaq(storeId, LuceneFaqIndex.inMemory(analysis, documents), published, answerVectors, hubness, gate);
    }
}
