package dev.handoff.app.search;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The conversation index on Elasticsearch: one document per conversation (id = conversation id).
 * Text is analysed in Java ({@link SearchAnalysis}) and indexed with the {@code whitespace} analyser
 * (the analysed fields and the vector are left out of {@code _source}; a rebuild reads the database):
 * {@code terms} (English, stemmed), {@code words} and {@code people} (plain, with
 * {@code index_prefixes} for typing speed), {@code refs} (order and ticket numbers); the original
 * text is kept in {@code _source} for snippets; {@code vector} is a 384-dimension
 * {@code dense_vector} (cosine, HNSW). Keyword and kNN rankings are read with one {@code _msearch} and fused
 * with {@link ReciprocalRankFusion} in Java, as in {@link LuceneConversationIndex}: the same keyword query, kNN
 * hits counting only from the model's {@code searchMinimum}, and an identifier looked up without kNN. Writes become
 * searchable at the next refresh (1 s).
 */
@Singleton
@Requires(property = "handoff.search.backend", value = "elasticsearch")
public class ElasticsearchConversationIndex implements ConversationIndex {

    static final String KIND = "conversations";
    private static final int CANDIDATES = LuceneConversationIndex.CANDIDATES;

    private final ElasticsearchIndices indices;
    private final SearchAnalysis analysis;
    private final EmbeddingService embeddings;

    ElasticsearchConversationIndex(ElasticsearchIndices indices, SearchAnalysis analysis, EmbeddingService embeddings) {
        this.indices = indices;
        this.analysis = analysis;
        this.embeddings = embeddings;
    }

    @Override
    public void upsert(ConversationDocument d) {
        upsertAll(List.of(d));
    }

    @Override
    public void upsertAll(List<ConversationDocument> documents) {
        indices.ensure(KIND);
        Map<String, Map<String, Object>> docs = documents(documents);
        indices.bulkIndex(indices.alias(KIND), docs);
        String next = indices.building(KIND);
        if (next != null) {
            indices.bulkIndex(next, docs);
        }
    }

    @Override
    public void delete(UUID conversationId) {
        indices.ensure(KIND);
        indices.call("delete conversation " + conversationId, () -> {
            indices.client().delete(d -> d.index(indices.alias(KIND)).id(conversationId.toString()));
            String next = indices.building(KIND);
            if (next != null) {
                indices.client().delete(d -> d.index(next).id(conversationId.toString()));
            }
            return null;
        });
    }

    private Map<String, Map<String, Object>> documents(List<ConversationDocument> documents) {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        documents.forEach(d -> docs.put(d.conversationId().toString(), document(d)));
        return docs;
    }

    private Map<String, Object> document(ConversationDocument d) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("store", d.storeId().toString());
        doc.put("channel", d.channel());
        doc.put("status", d.status());
        if (d.sentiment() != null) {
            doc.put("sentiment", d.sentiment());
        }
        doc.put("has_ticket", d.hasTicket());
        doc.put("has_draft", d.hasPendingDraft());
        doc.put("last", d.lastActivityAt().toEpochMilli());
        String body = d.body();
        doc.put("text", body);
        doc.put("terms", String.join(" ", analysis.englishTerms(body, Integer.MAX_VALUE)));
        doc.put("words", String.join(" ", analysis.plainTerms(body, Integer.MAX_VALUE)));
        doc.put("people", String.join(" ", analysis.plainTerms(d.people(), Integer.MAX_VALUE)));
        doc.put("refs", d.references());
        if (d.vector() != null) {
            doc.put("vector", list(d.vector()));
        }
        return doc;
    }

    @Override
    public Page search(ConversationQuery q) {
        indices.ensure(KIND);
        String alias = indices.alias(KIND);
        List<Query> filters = filters(q);
        SearchAnalysis.QueryTerms terms = q.text() == null || q.text().isBlank() ? null : analysis.query(q.text());
        return indices.call("search conversations", () -> {
            if (terms == null || terms.isEmpty()) {
                SearchResponse<Stored> r = indices.client().search(s -> s.index(alias).from(q.offset()).size(q.limit())
                        .trackTotalHits(t -> t.enabled(true)).source(src -> src.filter(f -> f.includes("text")))
                        .query(qq -> qq.bool(b -> b.filter(filters))).sort(o -> o.field(f -> f.field("last").order(SortOrder.Desc))),
                        Stored.class);
                List<ConversationHit> hits = r.hits().hits().stream()
                        .map(h -> new ConversationHit(UUID.fromString(h.id()), 0, analysis.snippet(h.source().text(), null))).toList();
                return new Page(r.hits().total() == null ? hits.size() : r.hits().total().value(), hits);
            }
            // an exact identifier is looked up in every mode, and never by similarity (as in LuceneConversationIndex)
            boolean lookup = terms.identifier() != null;
            boolean byKeyword = q.mode() != SearchMode.vector || lookup;
            boolean byVector = q.mode() != SearchMode.keyword && !lookup;
            // both rankings in one round trip; Elasticsearch runs the searches of an msearch concurrently
            List<RequestItem> searches = new ArrayList<>();
            if (byKeyword) {
                searches.add(RequestItem.of(i -> i.header(h -> h.index(alias)).body(b -> b.size(CANDIDATES)
                        .source(src -> src.fetch(false)).docvalueFields(f -> f.field("last"))
                        .query(qq -> qq.bool(bool -> bool.filter(filters).must(keywordQuery(terms)))))));
            }
            if (byVector) {
                List<Float> v = list(embeddings.embed(q.text()));
                // "refund #1037": only conversations about that order, however alike the others read
                List<Query> similar = new ArrayList<>(filters);
                terms.numbers().forEach(n -> similar.add(term("refs", n)));
                searches.add(RequestItem.of(i -> i.header(h -> h.index(alias)).body(b -> b.size(CANDIDATES)
                        .source(src -> src.fetch(false)).docvalueFields(f -> f.field("last"))
                        .knn(k -> k.field("vector").queryVector(v).k(CANDIDATES).numCandidates(CANDIDATES).filter(similar)))));
            }
            List<MultiSearchResponseItem<Stored>> responses = indices.client().msearch(m -> m.searches(searches), Stored.class).responses();
            Map<String, Long> last = new HashMap<>();
            List<String> keyword = new ArrayList<>();
            List<String> vector = new ArrayList<>();
            for (int i = 0; i < responses.size(); i++) {
                MultiSearchResponseItem<Stored> response = responses.get(i);
                if (response.isFailure()) {
                    throw new IOException("search failed: " + response.failure().error().reason());
                }
                boolean isVector = !byKeyword || i == 1;
                for (Hit<Stored> h : response.result().hits().hits()) {
                    if (!isVector) {
                        keyword.add(h.id());
                    } else if (2 * h.score() - 1 >= embeddings.similarities().searchMinimum()) { // cosine scores are (1 + cosine) / 2
                        vector.add(h.id());
                    } else {
                        continue;
                    }
                    last.put(h.id(), h.fields().get("last").toJson().asJsonArray().getJsonNumber(0).longValue());
                }
            }
            Map<String, Double> fused = new LinkedHashMap<>();
            ReciprocalRankFusion.fuse(keyword, vector).forEach(f -> fused.put(f.id(), f.score()));
            List<String> ordered = new ArrayList<>(fused.keySet());
            if (q.sortByDate()) {
                ordered.sort((a, b) -> Long.compare(last.get(b), last.get(a)));
            }
            List<String> slice = ordered.subList(Math.min(q.offset(), ordered.size()), Math.min(q.offset() + q.limit(), ordered.size()));
            Map<String, String> texts = new HashMap<>();
            if (!slice.isEmpty()) {
                MgetResponse<Stored> docs = indices.client().mget(m -> m.index(alias).ids(slice)
                        .sourceIncludes("text"), Stored.class);
                docs.docs().forEach(d -> {
                    if (d.isResult() && d.result().found()) {
                        texts.put(d.result().id(), d.result().source().text());
                    }
                });
            }
            List<ConversationHit> hits = slice.stream().map(id -> new ConversationHit(UUID.fromString(id), fused.get(id),
                    analysis.snippet(texts.getOrDefault(id, ""), terms))).toList();
            return new Page(ordered.size(), hits);
        });
    }

    /** The stored fields read back. @param text original text @param last last activity, epoch ms */
    record Stored(String text, Long last) {
    }

    private static List<Query> filters(ConversationQuery q) {
        List<Query> out = new ArrayList<>();
        out.add(term("store", q.storeId().toString()));
        if (q.channel() != null) {
            out.add(term("channel", q.channel()));
        }
        if (q.status() != null) {
            out.add(term("status", q.status()));
        }
        if (q.sentiment() != null) {
            out.add(term("sentiment", q.sentiment()));
        }
        if (q.hasTicket() != null) {
            out.add(Query.of(x -> x.term(t -> t.field("has_ticket").value(q.hasTicket()))));
        }
        if (q.hasPendingDraft() != null) {
            out.add(Query.of(x -> x.term(t -> t.field("has_draft").value(q.hasPendingDraft()))));
        }
        if (q.from() != null || q.to() != null) {
            out.add(Query.of(x -> x.range(r -> r.untyped(u -> {
                u.field("last");
                if (q.from() != null) {
                    u.gte(JsonData.of(q.from().toEpochMilli()));
                }
                if (q.to() != null) {
                    u.lt(JsonData.of(q.to().toEpochMilli()));
                }
                return u;
            }))));
        }
        return out;
    }

    private static Query term(String field, String value) {
        return Query.of(x -> x.term(t -> t.field(field).value(value)));
    }

    /**
     * The query of {@link LuceneConversationIndex}: every word (stop words aside) in the text (stemmed), the
     * name/email/tags, as a number, or the last word as a prefix; any of them when all are stop words; an identifier
     * is looked up ({@link #lookupQuery}).
     */
    private static Query keywordQuery(SearchAnalysis.QueryTerms terms) {
        if (terms.identifier() != null) {
            return lookupQuery(terms.identifier());
        }
        boolean anyRequired = terms.anyRequired();
        BoolQuery.Builder all = new BoolQuery.Builder();
        for (SearchAnalysis.Word w : terms.words()) {
            if (anyRequired && w.required()) {
                all.must(wordQuery(w));
            } else if (!anyRequired) {
                all.should(wordQuery(w));
            }
        }
        if (!anyRequired) {
            all.minimumShouldMatch("1");
        }
        return Query.of(x -> x.bool(all.build()));
    }

    /** One word in any of its fields. */
    private static Query wordQuery(SearchAnalysis.Word w) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        b.should(w.english() != null ? term("terms", w.english()) : term("words", w.plain()));
        b.should(term("people", w.plain()));
        if (w.number()) {
            b.should(term("refs", w.plain()));
        }
        if (w.prefix()) {
            b.should(Query.of(x -> x.prefix(p -> p.field("words").value(w.plain()))));
            b.should(Query.of(x -> x.prefix(p -> p.field("people").value(w.plain()))));
            if (w.number()) {
                b.should(Query.of(x -> x.prefix(p -> p.field("refs").value(w.plain()))));
            }
        }
        return Query.of(x -> x.bool(b.minimumShouldMatch("1").build()));
    }

    /**
     * An exact identifier: its words in sequence in the text or the name/email/tags, or its digits as a number or word;
     * while a number is being typed, also the order and ticket numbers it begins.
     */
    private static Query lookupQuery(SearchAnalysis.Identifier id) {
        String phrase = String.join(" ", id.tokens());
        BoolQuery.Builder b = new BoolQuery.Builder()
                .should(Query.of(x -> x.matchPhrase(m -> m.field("words").query(phrase))))
                .should(Query.of(x -> x.matchPhrase(m -> m.field("people").query(phrase))));
        if (id.digits() != null) {
            b.should(term("refs", id.digits()));
            b.should(term("words", id.digits()));
        }
        if (id.typing()) {
            // scored below the exact number, which also matches the term queries above
            b.should(Query.of(x -> x.prefix(p -> p.field("refs").value(id.digits()).boost(0.1f))));
        }
        return Query.of(x -> x.bool(b.minimumShouldMatch("1").build()));
    }

    @Override
    public Instant newestActivity() {
        indices.ensure(KIND);
        return indices.call("read the newest activity", () -> {
            SearchResponse<Stored> r = indices.client().search(s -> s.index(indices.alias(KIND)).size(1)
                    .source(src -> src.filter(f -> f.includes("last"))).sort(o -> o.field(f -> f.field("last").order(SortOrder.Desc))),
                    Stored.class);
            return r.hits().hits().isEmpty() ? null : Instant.ofEpochMilli(r.hits().hits().get(0).source().last());
        });
    }

    @Override
    public IndexRebuild<ConversationDocument> rebuild() {
        return new ElasticsearchRebuild<>(indices, KIND, this::documents);
    }

    /** @return the vector as the boxed list the client serialises */
    static List<Float> list(float[] vector) {
        List<Float> out = new ArrayList<>(vector.length);
        for (float f : vector) {
            out.add(f);
        }
        return out;
    }
}
