package dev.handoff.app.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.ChildScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The FAQ index on Elasticsearch: one document per item (id = item id) with its phrasings as nested
 * documents, each holding the English terms of phrasing + answer ({@link SearchAnalysis}, indexed
 * with the {@code whitespace} analyser) and a 384-dimension {@code dense_vector} (cosine, HNSW
 * m = 16, ef_construction = 100, as Lucene's defaults). BM25 takes the best phrasing
 * ({@code score_mode: max}) and kNN on the nested vector the nearest phrasing, which matches the
 * embedded index's collapse of one document per phrasing; both rankings come from one {@code _msearch}. Writes use {@code refresh=true}, so they are
 * searchable when they return.
 */
@Singleton
@Requires(property = "handoff.search.backend", value = "elasticsearch")
public class ElasticsearchFaqIndex implements FaqIndex {

    static final String KIND = "faq";
    private static final int CANDIDATES = 50;

    private final ElasticsearchIndices indices;
    private final SearchAnalysis analysis;

    ElasticsearchFaqIndex(ElasticsearchIndices indices, SearchAnalysis analysis) {
        this.indices = indices;
        this.analysis = analysis;
    }

    @Override
    public void upsert(FaqDocument d) {
        Map<String, Object> doc = document(d);
        write("index FAQ item " + d.itemId(), index -> indices.client().index(i -> i.index(index).id(d.itemId().toString())
                .document(doc).refresh(Refresh.True)));
    }

    @Override
    public void delete(UUID itemId) {
        write("delete FAQ item " + itemId, index -> indices.client().delete(r -> r.index(index).id(itemId.toString()).refresh(Refresh.True)));
    }

    private Map<String, Object> document(FaqDocument d) {
        List<Map<String, Object>> phrasings = new ArrayList<>();
        for (int i = 0; i < d.phrasings().size(); i++) {
            phrasings.add(Map.of("terms", String.join(" ", analysis.englishTerms(d.phrasings().get(i) + "\n" + d.answer(), Integer.MAX_VALUE)),
                    "vector", ElasticsearchConversationIndex.list(d.vectors().get(i))));
        }
        return Map.of("store", d.storeId().toString(), "item", d.itemId().toString(), "updated", d.updatedAt().toEpochMilli(),
                "phrasings", phrasings);
    }

    /** Writes to the alias and, during a rebuild, to the new index too. */
    private void write(String what, IndexWrite write) {
        indices.ensure(KIND);
        indices.call(what, () -> {
            write.to(indices.alias(KIND));
            String next = indices.building(KIND);
            if (next != null) {
                write.to(next);
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface IndexWrite {
        void to(String index) throws java.io.IOException;
    }

    @Override
    public List<FaqHit> search(UUID storeId, String query, float[] vector, int limit, SearchMode mode) {
        indices.ensure(KIND);
        Query store = Query.of(q -> q.term(t -> t.field("store").value(storeId.toString())));
        return indices.call("search the FAQ", () -> {
            List<String> terms = new ArrayList<>(new LinkedHashSet<>(analysis.englishTerms(query, 64)));
            boolean useKeyword = mode != SearchMode.vector && !terms.isEmpty();
            List<RequestItem> searches = new ArrayList<>();
            if (useKeyword) {
                Query text = Query.of(q -> q.nested(n -> n.path("phrasings").scoreMode(ChildScoreMode.Max)
                        .query(nq -> nq.bool(b -> {
                            terms.forEach(t -> b.should(s -> s.term(tq -> tq.field("phrasings.terms").value(t))));
                            return b.minimumShouldMatch("1");
                        }))));
                searches.add(RequestItem.of(i -> i.header(h -> h.index(indices.alias(KIND))).body(b -> b.size(CANDIDATES)
                        .source(src -> src.fetch(false)).query(q -> q.bool(bool -> bool.filter(store).must(text))))));
            }
            if (mode != SearchMode.keyword) {
                searches.add(RequestItem.of(i -> i.header(h -> h.index(indices.alias(KIND))).body(b -> b.size(CANDIDATES)
                        .source(src -> src.fetch(false)).knn(k -> k.field("phrasings.vector").queryVector(ElasticsearchConversationIndex.list(vector))
                                .k(CANDIDATES).numCandidates(2 * CANDIDATES).filter(store)))));
            }
            List<UUID> keyword = new ArrayList<>();
            Map<UUID, Double> similar = new LinkedHashMap<>();
            if (!searches.isEmpty()) {
                List<MultiSearchResponseItem<Void>> responses = indices.client().msearch(m -> m.searches(searches), Void.class).responses();
                for (int i = 0; i < responses.size(); i++) {
                    MultiSearchResponseItem<Void> response = responses.get(i);
                    if (response.isFailure()) {
                        throw new java.io.IOException("search failed: " + response.failure().error().reason());
                    }
                    boolean isKeyword = useKeyword && i == 0;
                    for (Hit<Void> h : response.result().hits().hits()) {
                        if (isKeyword) {
                            keyword.add(UUID.fromString(h.id()));
                        } else {
                            similar.put(UUID.fromString(h.id()), 2 * h.score() - 1);
                        }
                    }
                }
            }
            List<UUID> vectorRanking = new ArrayList<>(similar.keySet());
            List<FaqHit> hits = new ArrayList<>();
            for (ReciprocalRankFusion.Fused<UUID> f : ReciprocalRankFusion.fuse(keyword, vectorRanking)) {
                hits.add(new FaqHit(f.id(), f.score(), similar.getOrDefault(f.id(), -1.0),
                        keyword.indexOf(f.id()) + 1, vectorRanking.indexOf(f.id()) + 1));
                if (hits.size() == limit) {
                    break;
                }
            }
            return hits;
        });
    }

    @Override
    public Map<UUID, Instant> indexedVersions() {
        indices.ensure(KIND);
        return indices.call("list the FAQ index", () -> {
            Map<UUID, Instant> out = new HashMap<>();
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> from = after;
                SearchResponse<Version> r = indices.client().search(s -> {
                    s.index(indices.alias(KIND)).size(1000).source(src -> src.filter(f -> f.includes("item", "updated")))
                            .sort(o -> o.field(f -> f.field("item").order(SortOrder.Asc)));
                    return from == null ? s : s.searchAfter(from);
                }, Version.class);
                List<Hit<Version>> hits = r.hits().hits();
                hits.forEach(h -> out.put(UUID.fromString(h.source().item()), Instant.ofEpochMilli(h.source().updated())));
                if (hits.size() < 1000) {
                    return out;
                }
                after = hits.get(hits.size() - 1).sort();
            }
        });
    }

    /** The fields read back for reconciliation. @param item item id @param updated version, epoch ms */
    record Version(String item, long updated) {
    }

    @Override
    public IndexRebuild<FaqDocument> rebuild() {
        return new ElasticsearchRebuild<>(indices, KIND, batch -> {
            Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
            batch.forEach(d -> docs.put(d.itemId().toString(), document(d)));
            return docs;
        });
    }
}
