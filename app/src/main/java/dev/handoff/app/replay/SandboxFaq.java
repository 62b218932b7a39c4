package dev.handoff.app.replay;

import dev.handoff.app.assistant.FaqGate;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.search.FaqDocument;
import dev.handoff.app.search.FaqHit;
import dev.handoff.app.search.LuceneFaqIndex;
import dev.handoff.app.search.SearchMode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A knowledge base held in memory for a replay: its items in a private in-memory Lucene index, searched
 * by the same code as the store's embedded index (hybrid BM25 + kNN fused with reciprocal rank fusion),
 * and the FAQ answer gate with the thresholds under test. {@link #answer} is the FAQ decision the
 * replay runs for each message. Close it when done.
 */
final class SandboxFaq implements AutoCloseable {

    private final UUID storeId;
    private final LuceneFaqIndex index;
    private final Map<UUID, FaqItem> items;
    private final FaqGate gate;

    SandboxFaq(UUID storeId, LuceneFaqIndex index, Map<UUID, FaqItem> items, List<FaqDocument> documents, FaqGate gate) {
        this.storeId = storeId;
        this.index = index;
        this.items = items;
        this.gate = gate;
        documents.forEach(index::upsert);
    }

    /** @return the item the assistant would quote for this message, or empty (silence) */
    Optional<FaqItem> answer(String text, float[] vector) {
        List<FaqHit> hits = index.search(storeId, text, vector, 3, SearchMode.hybrid);
        if (hits.isEmpty() || !gate.confident(hits.get(0))) {
            return Optional.empty();
        }
        return Optional.ofNullable(items.get(hits.get(0).itemId()));
    }

    /** @return the item with this id in this knowledge base, or {@code null} */
    FaqItem item(UUID id) {
        return items.get(id);
    }

    @Override
    public void close() {
        index.closeInMemory();
    }
}
