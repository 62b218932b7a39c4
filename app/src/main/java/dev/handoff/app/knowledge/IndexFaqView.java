package dev.handoff.app.knowledge;

import dev.handoff.app.assistant.faq.FaqCandidate;
import dev.handoff.app.assistant.faq.FaqView;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.search.FaqHit;
import dev.handoff.app.search.SearchMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One store's FAQ as its search index holds it ({@link KnowledgeService#view}): hybrid retrieval gives
 * the candidates with their best phrasing's similarity and BM25 rank; answer similarities come from
 * {@link AnswerVectors}, each item's hubness from {@link StoreHubness}. Reads the database and the index, writes
 * nothing.
 */
final class IndexFaqView implements FaqView {

    private final KnowledgeService knowledge;
    private final AnswerVectors answers;
    private final StoreHubness hubness;
    private final UUID storeId;

    IndexFaqView(KnowledgeService knowledge, AnswerVectors answers, StoreHubness hubness, UUID storeId) {
        this.knowledge = knowledge;
        this.answers = answers;
        this.hubness = hubness;
        this.storeId = storeId;
    }

    @Override
    public List<FaqCandidate> candidates(String text, float[] vector, int limit) {
        // hybrid: the kNN ranking brings the similar items, BM25 the keyword agreement; twice the limit so
        // that fusion order does not drop an item the decision would score higher
        List<KnowledgeService.FaqMatch> matches = knowledge.retrieve(storeId, text, vector, Math.min(50, 2 * limit), SearchMode.hybrid);
        List<FaqCandidate> out = new ArrayList<>();
        Map<UUID, Double> hubs = matches.isEmpty() ? Map.of() : hubness.of(storeId);
        for (KnowledgeService.FaqMatch m : matches) {
            FaqHit hit = m.hit();
            out.add(new FaqCandidate(m.item().id(), m.item().question(), hit.similarity(),
                    EmbeddingService.cosine(vector, answers.of(m.item())), hit.keywordRank(), hubs.getOrDefault(m.item().id(), 0.0)));
        }
        out.sort((a, b) -> Double.compare(b.phrasingSimilarity(), a.phrasingSimilarity()));
        return out.subList(0, Math.min(limit, out.size()));
    }
}
