package dev.handoff.app.replay;

import dev.handoff.app.assistant.faq.FaqCandidate;
import dev.handoff.app.assistant.faq.FaqDecider;
import dev.handoff.app.assistant.faq.FaqDecision;
import dev.handoff.app.assistant.faq.FaqGate;
import dev.handoff.app.assistant.faq.FaqView;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.search.FaqHit;
import dev.handoff.app.search.LuceneFaqIndex;
import dev.handoff.app.search.SearchMode;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A knowledge base held in memory for a replay, seen as the assistant sees the store's: a {@link FaqView}
 * whose candidates come from a private in-memory Lucene index searched by the same code as the store's
 * embedded index (hybrid BM25 + kNN, twice the limit, as {@code IndexFaqView} asks), each with its best
 * phrasing's similarity, its answer's similarity, its BM25 rank and its hubness among the sandbox's items; {@link #decide} is the live
 * {@link FaqDecider} over it with the gate under test. Built once per replay; close it when done.
 *
 * <p>A preview of settings alone (thresholds, the assistant or the model switched) decides over the same
 * knowledge base with another gate: {@link #withGate} shares the index and remembers the candidates of the
 * last {@value #REMEMBERED} messages, so the second walk of a conversation searches nothing again (the
 * candidates depend only on the message and the index, not on the gate).
 */
final class SandboxFaq implements FaqView, AutoCloseable {

    /** Messages whose candidates a shared knowledge base remembers (a conversation's worth, and more). */
    static final int REMEMBERED = 256;

    private final UUID storeId;
    private final LuceneFaqIndex index;
    private final Map<UUID, FaqItem> items;
    private final Map<UUID, float[]> answers;
    private final Map<UUID, Double> hubness;
    private final FaqGate gate;
    /** The owner closes the index; a view made by {@link #withGate} does not. */
    private final boolean owner;
    /** Candidates by message vector (identity: each message's vector is one array for both walks); null unless shared. */
    private Map<float[], Remembered> remembered;

    private record Remembered(int limit, List<FaqCandidate> candidates) {
    }

    /**
     * @param index   the items' index ({@link LuceneFaqIndex#inMemory}: one document per phrasing); closed with this
     * @param items   the published items by id (drafts are not indexed, as live)
     * @param answers each item's answer vector ({@link EmbeddingService#embed})
     * @param hubness each item's centred hubness ({@link dev.handoff.app.assistant.faq.FaqHubness})
     */
    SandboxFaq(UUID storeId, LuceneFaqIndex index, Map<UUID, FaqItem> items, Map<UUID, float[]> answers, Map<UUID, Double> hubness,
               FaqGate gate) {
        this(storeId, index, items, answers, hubness, gate, true);
    }

    private SandboxFaq(UUID storeId, LuceneFaqIndex index, Map<UUID, FaqItem> items, Map<UUID, float[]> answers, Map<UUID, Double> hubness,
                       FaqGate gate, boolean owner) {
        this.storeId = storeId;
        this.index = index;
        this.items = items;
        this.answers = answers;
        this.hubness = hubness;
        this.gate = gate;
        this.owner = owner;
    }

    /**
     * @return the same knowledge base deciding through {@code other}, sharing this one's index and the
     *         candidates either has found; closing it leaves the index open (this one closes it). Not thread-safe:
     *         a replay walks on one thread.
     */
    SandboxFaq withGate(FaqGate other) {
        if (remembered == null) {
            remembered = new LinkedHashMap<>(2 * REMEMBERED, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<float[], Remembered> eldest) {
                    return size() > REMEMBERED;
                }
            };
        }
        SandboxFaq view = new SandboxFaq(storeId, index, items, answers, hubness, other, false);
        view.remembered = remembered;
        return view;
    }

    @Override
    public List<FaqCandidate> candidates(String text, float[] vector, int limit) {
        if (remembered == null) {
            return search(text, vector, limit);
        }
        Remembered r = remembered.get(vector);
        if (r == null || r.limit() != limit) {
            r = new Remembered(limit, List.copyOf(search(text, vector, limit))); // both walks read it; neither may change it
            remembered.put(vector, r);
        }
        return r.candidates();
    }

    private List<FaqCandidate> search(String text, float[] vector, int limit) {
        List<FaqHit> hits = index.search(storeId, text, vector, Math.min(50, 2 * limit), SearchMode.hybrid);
        List<FaqCandidate> out = new ArrayList<>(hits.size());
        for (FaqHit hit : hits) {
            FaqItem item = items.get(hit.itemId());
            if (item != null) {
                out.add(new FaqCandidate(item.id(), item.question(), hit.similarity(), EmbeddingService.cosine(vector, answers.get(item.id())),
                        hit.keywordRank(), hubness.getOrDefault(item.id(), 0.0)));
            }
        }
        out.sort((a, b) -> Double.compare(b.phrasingSimilarity(), a.phrasingSimilarity()));
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** @return the published item with this id in the knowledge base under test, or {@code null} */
    @Nullable FaqItem item(UUID id) {
        return items.get(id);
    }

    /** @return the assistant's FAQ decision on this message (its keywords without its close and signature) against this knowledge base */
    FaqDecision decide(String text, float[] vector) {
        return FaqDecider.decide(dev.handoff.app.assistant.ShopperText.core(text), vector, this, gate);
    }

    @Override
    public void close() {
        if (owner) {
            index.closeInMemory();
        }
    }
}
