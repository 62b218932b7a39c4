package dev.handoff.app.search;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NRTCachingDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.handoff.app.search.SearchAnalysis.PEOPLE;
import static dev.handoff.app.search.SearchAnalysis.TEXT;
import static dev.handoff.app.search.SearchAnalysis.WORDS;

/**
 * The embedded conversation index (Apache Lucene under {@code <data>/index/conversations}), the
 * default backend. One document per conversation; fields and analysis as in {@link SearchAnalysis}.
 * Vector hits count only from cosine similarity the model's {@code searchMinimum} ({@link EmbeddingService#similarities}), since kNN always returns k.
 * Writes become searchable within a second and are committed to disk every ten seconds. The database
 * is the record: on start, conversations active since shortly before the newest indexed activity are
 * indexed again, so a crash loses recent messages from no search; a change without new activity (a
 * status, a ticket) made in the last seconds before a crash can stay unindexed until the conversation's
 * next change or a rebuild ({@code POST /api/search/reindex}). Conversation vectors go into an HNSW
 * graph built with a beam of {@link #HNSW_BEAM_WIDTH} rather than Lucene's default 100: every message
 * rewrites its conversation's document, each write inserts the vector into a graph again (at flush and
 * at each merge), and at the default beam that insertion was the largest cost of a shopper message
 * under load (JFR, {@code bench/load.sh}). The kNN half of a search runs over one store's conversations
 * ({@link #CANDIDATES} of them), where a narrower beam costs little recall; not measured separately.
 */
@Singleton
@Requires(property = "handoff.search.backend", value = "lucene", defaultValue = "lucene")
public class LuceneConversationIndex implements ConversationIndex {

    /** Documents read from each ranking before fusion. */
    static final int CANDIDATES = 200;
    /** Candidates kept while inserting a vector into the HNSW graph (Lucene's default 100); neighbours per node stay 16. */
    static final int HNSW_BEAM_WIDTH = 24;
    private static final KnnVectorsFormat VECTORS = new Lucene99HnswVectorsFormat(Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN, HNSW_BEAM_WIDTH);

    private static final String STORE = "store";
    private static final String ID = "id";
    private static final String CHANNEL = "channel";
    private static final String STATUS = "status";
    private static final String SENTIMENT = "sentiment";
    private static final String HAS_TICKET = "has_ticket";
    private static final String HAS_DRAFT = "has_draft";
    private static final String LAST = "last";
    private static final String REFS = "refs";
    private static final String VECTOR = "vector";

    private final SearchAnalysis analysis;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final EmbeddingService embeddings;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** While a rebuild runs, readers are not refreshed and nothing is committed. */
    private final AtomicBoolean rebuilding = new AtomicBoolean();

    LuceneConversationIndex(@Value("${handoff.data-dir}") String dataDir, EmbeddingService embeddings, SearchAnalysis analysis) {
        this.embeddings = embeddings;
        this.analysis = analysis;
        try {
            // near-real-time setup (Lucene's NRTCachingDirectory): the small segments each refresh flushes stay
            // in memory until merged or committed, and are not packed into compound files first
            Directory dir = new NRTCachingDirectory(FSDirectory.open(Path.of(dataDir, "index", "conversations")), 8, 64);
            this.writer = new IndexWriter(dir, new IndexWriterConfig(analysis.analyzer())
                    .setCodec(new Lucene912Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return VECTORS;
                        }
                    })
                    .setUseCompoundFile(false)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the conversation index under " + dataDir + ": " + e, e);
        }
    }

    @Override
    public void upsert(ConversationDocument d) {
        try {
            writer.updateDocument(new Term(ID, d.conversationId().toString()), document(d));
            dirty.set(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(UUID conversationId) {
        try {
            writer.deleteDocuments(new Term(ID, conversationId.toString()));
            dirty.set(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document document(ConversationDocument d) {
        Document doc = new Document();
        doc.add(new StringField(STORE, d.storeId().toString(), Field.Store.NO));
        doc.add(new StringField(ID, d.conversationId().toString(), Field.Store.YES));
        doc.add(new StringField(CHANNEL, d.channel(), Field.Store.NO));
        doc.add(new StringField(STATUS, d.status(), Field.Store.NO));
        if (d.sentiment() != null) {
            doc.add(new StringField(SENTIMENT, d.sentiment(), Field.Store.NO));
        }
        doc.add(new StringField(HAS_TICKET, String.valueOf(d.hasTicket()), Field.Store.NO));
        doc.add(new StringField(HAS_DRAFT, String.valueOf(d.hasPendingDraft()), Field.Store.NO));
        long last = d.lastActivityAt().toEpochMilli();
        doc.add(new LongPoint(LAST, last));
        doc.add(new NumericDocValuesField(LAST, last));
        doc.add(new StoredField(LAST, last));
        String body = d.body();
        doc.add(new TextField(TEXT, body, Field.Store.YES));
        doc.add(new TextField(WORDS, body, Field.Store.NO));
        doc.add(new TextField(PEOPLE, d.people(), Field.Store.NO));
        d.references().forEach(r -> doc.add(new StringField(REFS, r, Field.Store.NO)));
        if (d.vector() != null) {
            doc.add(new KnnFloatVectorField(VECTOR, d.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        return doc;
    }

    @Override
    public Page search(ConversationQuery q) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return search(searcher, q);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Page search(IndexSearcher searcher, ConversationQuery q) throws IOException {
        Query filter = filter(q);
        StoredFields stored = searcher.storedFields();
        SearchAnalysis.QueryTerms terms = q.text() == null || q.text().isBlank() ? null : analysis.query(q.text());
        if (terms == null || terms.isEmpty()) {
            TopDocs top = searcher.search(filter, Math.min(CANDIDATES, q.offset() + q.limit()),
                    new Sort(new SortField(LAST, SortField.Type.LONG, true)));
            List<Integer> docs = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                docs.add(sd.doc);
            }
            return new Page(top.totalHits.value, page(stored, docs, null, Map.of(), q));
        }
        // an exact identifier is looked up in every mode, and never by similarity (a look-alike number or
        // address is another customer's conversation)
        boolean lookup = terms.identifier() != null;
        List<Integer> keywordDocs = new ArrayList<>();
        if (q.mode() != SearchMode.vector || lookup) {
            Query keyword = new BooleanQuery.Builder().add(filter, BooleanClause.Occur.FILTER)
                    .add(keywordQuery(terms), BooleanClause.Occur.MUST).build();
            for (ScoreDoc sd : searcher.search(keyword, CANDIDATES).scoreDocs) {
                keywordDocs.add(sd.doc);
            }
        }
        List<Integer> vectorDocs = new ArrayList<>();
        if (q.mode() != SearchMode.keyword && !lookup) {
            float[] vector = embeddings.embed(q.text());
            // "refund #1037": only conversations about that order, however alike the others read
            BooleanQuery.Builder similar = new BooleanQuery.Builder().add(filter, BooleanClause.Occur.FILTER);
            terms.numbers().forEach(n -> similar.add(new TermQuery(new Term(REFS, n)), BooleanClause.Occur.FILTER));
            for (ScoreDoc sd : searcher.search(new KnnFloatVectorQuery(VECTOR, vector, CANDIDATES, similar.build()), CANDIDATES).scoreDocs) {
                // DOT_PRODUCT scores are (1 + cosine) / 2
                if (2 * sd.score - 1 >= embeddings.similarities().searchMinimum()) {
                    vectorDocs.add(sd.doc);
                }
            }
        }
        Map<Integer, Double> fused = new LinkedHashMap<>();
        for (ReciprocalRankFusion.Fused<Integer> f : ReciprocalRankFusion.fuse(keywordDocs, vectorDocs)) {
            fused.put(f.id(), f.score());
        }
        List<Integer> ordered = new ArrayList<>(fused.keySet());
        if (q.sortByDate()) {
            Map<Integer, Long> last = new HashMap<>();
            for (int doc : ordered) {
                last.put(doc, stored.document(doc, Set.of(LAST)).getField(LAST).numericValue().longValue());
            }
            ordered.sort((a, b) -> Long.compare(last.get(b), last.get(a)));
        }
        return new Page(ordered.size(), page(stored, ordered, terms, fused, q));
    }

    private List<ConversationHit> page(StoredFields stored, List<Integer> docs, SearchAnalysis.QueryTerms terms,
                                       Map<Integer, Double> scores, ConversationQuery q) throws IOException {
        List<ConversationHit> hits = new ArrayList<>();
        for (int doc : docs.subList(Math.min(q.offset(), docs.size()), Math.min(q.offset() + q.limit(), docs.size()))) {
            Document d = stored.document(doc, Set.of(ID, TEXT));
            hits.add(new ConversationHit(UUID.fromString(d.get(ID)), scores.getOrDefault(doc, 0.0), analysis.snippet(d.get(TEXT), terms)));
        }
        return hits;
    }

    @Override
    public Instant newestActivity() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(new MatchAllDocsQuery(), 1, new Sort(new SortField(LAST, SortField.Type.LONG, true)));
                if (top.scoreDocs.length == 0) {
                    return null;
                }
                return Instant.ofEpochMilli(searcher.storedFields().document(top.scoreDocs[0].doc, Set.of(LAST))
                        .getField(LAST).numericValue().longValue());
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public IndexRebuild<ConversationDocument> rebuild() {
        return LuceneRebuild.start("conversation", writer, searchers, rebuilding, this::upsert);
    }

    /** Makes writes searchable (every second: each refresh after writes flushes a new segment, which merges later rewrite). */
    @Scheduled(fixedDelay = "1s")
    void refresh() throws IOException {
        if (!rebuilding.get()) {
            searchers.maybeRefresh();
        }
    }

    /**
     * Commits writes to disk (every ten seconds when there are any). Synchronised with {@link #close()}:
     * an {@link IndexWriter} refuses to close while another thread is inside a commit, and a writer left
     * open keeps the directory's lock, so the next start in the same JVM could not open the index.
     */
    @Scheduled(fixedDelay = "10s")
    synchronized void commitToDisk() throws IOException {
        if (writer.isOpen() && !rebuilding.get() && dirty.getAndSet(false)) {
            writer.commit();
        }
    }

    @PreDestroy
    synchronized void close() throws IOException {
        rebuilding.set(false);
        LuceneRebuild.closeAll(writer, searchers);
    }

    private static Query filter(ConversationQuery q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(STORE, q.storeId().toString())), BooleanClause.Occur.FILTER);
        addTerm(b, CHANNEL, q.channel());
        addTerm(b, STATUS, q.status());
        addTerm(b, SENTIMENT, q.sentiment());
        addTerm(b, HAS_TICKET, q.hasTicket() == null ? null : q.hasTicket().toString());
        addTerm(b, HAS_DRAFT, q.hasPendingDraft() == null ? null : q.hasPendingDraft().toString());
        if (q.from() != null || q.to() != null) {
            long from = q.from() == null ? Long.MIN_VALUE : q.from().toEpochMilli();
            long to = q.to() == null ? Long.MAX_VALUE : q.to().toEpochMilli() - 1;
            b.add(LongPoint.newRangeQuery(LAST, from, to), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    private static void addTerm(BooleanQuery.Builder b, String field, String value) {
        if (value != null) {
            b.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.FILTER);
        }
    }

    /**
     * Every word (stop words aside) in the text (stemmed), the name/email/tags, as an order/ticket number, or, for
     * the last word while typing, as a prefix; any of them when all are stop words. An identifier: see {@link #lookupQuery}.
     */
    private static Query keywordQuery(SearchAnalysis.QueryTerms terms) {
        if (terms.identifier() != null) {
            return lookupQuery(terms.identifier());
        }
        boolean anyRequired = terms.anyRequired();
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (SearchAnalysis.Word w : terms.words()) {
            if (!anyRequired || w.required()) {
                all.add(wordQuery(w), anyRequired ? BooleanClause.Occur.MUST : BooleanClause.Occur.SHOULD);
            }
        }
        return all.build();
    }

    /** One word in any of its fields. */
    private static Query wordQuery(SearchAnalysis.Word w) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (w.english() != null) {
            b.add(new TermQuery(new Term(TEXT, w.english())), BooleanClause.Occur.SHOULD);
        } else {
            b.add(new TermQuery(new Term(WORDS, w.plain())), BooleanClause.Occur.SHOULD);
        }
        b.add(new TermQuery(new Term(PEOPLE, w.plain())), BooleanClause.Occur.SHOULD);
        if (w.number()) {
            b.add(new TermQuery(new Term(REFS, w.plain())), BooleanClause.Occur.SHOULD);
        }
        if (w.prefix()) {
            b.add(new PrefixQuery(new Term(WORDS, w.plain())), BooleanClause.Occur.SHOULD);
            b.add(new PrefixQuery(new Term(PEOPLE, w.plain())), BooleanClause.Occur.SHOULD);
            if (w.number()) {
                b.add(new PrefixQuery(new Term(REFS, w.plain())), BooleanClause.Occur.SHOULD);
            }
        }
        return b.build();
    }

    /**
     * An exact identifier: its words in sequence in the text or the name/email/tags, or its digits as a number or word;
     * while a number is being typed, also the order and ticket numbers it begins.
     */
    private static Query lookupQuery(SearchAnalysis.Identifier id) {
        String[] tokens = id.tokens().toArray(String[]::new);
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new PhraseQuery(WORDS, tokens), BooleanClause.Occur.SHOULD)
                .add(new PhraseQuery(PEOPLE, tokens), BooleanClause.Occur.SHOULD);
        if (id.digits() != null) {
            b.add(new TermQuery(new Term(REFS, id.digits())), BooleanClause.Occur.SHOULD);
            b.add(new TermQuery(new Term(WORDS, id.digits())), BooleanClause.Occur.SHOULD);
        }
        if (id.typing()) {
            // scored below the exact number, which also matches the term queries above
            b.add(new BoostQuery(new PrefixQuery(new Term(REFS, id.digits())), 0.1f), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }
}
