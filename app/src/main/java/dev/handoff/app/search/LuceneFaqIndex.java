package dev.handoff.app.search;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded FAQ index: Apache Lucene in-process, under {@code <data>/index/faq}. One Lucene
 * document per phrasing of an item: BM25 on {@code text} (phrasing + answer, English analysis of
 * {@link SearchAnalysis}) and exact nearest neighbours on {@code vector} (dot product of unit vectors =
 * cosine, every phrasing of the store scored). Rankings are collapsed to items and fused with
 * {@link ReciprocalRankFusion}.
 *
 * <p>Why exact rather than Lucene's HNSW graph: a store's FAQ has hundreds to a few thousand phrasings,
 * where scoring each one costs less than walking the graph (which visits most of them at 50 neighbours)
 * and never misses one. Each segment's vectors are read once into the heap, one matrix per store
 * ({@link StoreVectors}), and dropped when the segment closes: 1.5 KB of heap per phrasing
 * (384 floats). The field keeps its HNSW graph on disk, so an index written before this reads unchanged.
 *
 * <p>Writes are refreshed before they return (near-real-time reader) and committed to disk every two seconds. It exists with
 * either backend: with Elasticsearch it is the fallback that keeps FAQ answers going during an outage.
 */
@Singleton
public class LuceneFaqIndex implements FaqIndex {

    private static final String STORE = "store";
    private static final String ITEM = "item";
    private static final String UPDATED = "updated";
    private static final String TEXT = "text";
    private static final String VECTOR = "vector";
    /** Documents read from each ranking before collapsing to items. */
    private static final int CANDIDATES = 50;

    private final SearchAnalysis analysis;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** What a search needs of each open segment ({@link #segment}); an entry leaves when its segment closes. */
    private final Map<IndexReader.CacheKey, Segment> segments = new ConcurrentHashMap<>();
    /** While a rebuild runs, readers are not refreshed and nothing is committed. */
    private final AtomicBoolean rebuilding = new AtomicBoolean();

    @jakarta.inject.Inject
    LuceneFaqIndex(@Value("${handoff.data-dir}") String dataDir, SearchAnalysis analysis) {
        this(open(Path.of(dataDir, "index", "faq")), analysis);
    }

    private LuceneFaqIndex(Directory dir, SearchAnalysis analysis) {
        this.analysis = analysis;
        try {
            this.writer = new IndexWriter(dir, new IndexWriterConfig(analysis.analyzer()).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the FAQ index in " + dir + ": " + e, e);
        }
    }

    private static Directory open(Path path) {
        try {
            return FSDirectory.open(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the FAQ index under " + path + ": " + e, e);
        }
    }

    /**
     * A private index in memory holding {@code documents}, searched by exactly the same code as the store's
     * (for sandboxes such as a replay of a proposed knowledge base, which searches it thousands of times):
     * written in one go and merged into one segment, so each search visits one segment instead of one per
     * write. The caller closes it with {@link #closeInMemory}.
     */
    public static LuceneFaqIndex inMemory(SearchAnalysis analysis, List<FaqDocument> documents) {
        LuceneFaqIndex index = new LuceneFaqIndex(new ByteBuffersDirectory(), analysis);
        try {
            for (FaqDocument d : documents) {
                index.writer.updateDocuments(new Term(ITEM, d.itemId().toString()), index.documents(d));
            }
            index.writer.forceMerge(1);
            index.searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            index.closeInMemory();
            throw new UncheckedIOException(e);
        }
        return index;
    }

    /** Closes an index made by {@link #inMemory} (its memory is freed). */
    public void closeInMemory() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void upsert(FaqDocument d) {
        List<Document> docs = documents(d);
        write(() -> writer.updateDocuments(new Term(ITEM, d.itemId().toString()), docs));
    }

    /** @return one Lucene document per phrasing of the item */
    private List<Document> documents(FaqDocument d) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < d.phrasings().size(); i++) {
            Document doc = new Document();
            doc.add(new StringField(STORE, d.storeId().toString(), Field.Store.NO));
            doc.add(new StringField(ITEM, d.itemId().toString(), Field.Store.YES));
            doc.add(new StoredField(UPDATED, d.updatedAt().toEpochMilli()));
            doc.add(new TextField(TEXT, d.phrasings().get(i) + "\n" + d.answer(), Field.Store.NO));
            doc.add(new KnnFloatVectorField(VECTOR, d.vectors().get(i), VectorSimilarityFunction.DOT_PRODUCT));
            docs.add(doc);
        }
        return docs;
    }

    @Override
    public void delete(UUID itemId) {
        write(() -> writer.deleteDocuments(new Term(ITEM, itemId.toString())));
    }

    @Override
    public List<FaqHit> search(UUID storeId, String query, float[] vector, int limit, SearchMode mode) {
        Query storeFilter = new TermQuery(new Term(STORE, storeId.toString()));
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                List<UUID> keyword = List.of();
                if (mode != SearchMode.vector) {
                    Query q = keywordQuery(query, storeFilter);
                    keyword = q == null ? List.of() : new ArrayList<>(collapse(searcher.search(q, CANDIDATES).scoreDocs, leaves).keySet());
                }
                Map<UUID, Double> similar = mode == SearchMode.keyword ? Map.of() : nearest(leaves, storeId.toString(), vector);
                List<UUID> vectorRanking = new ArrayList<>(similar.keySet());
                List<FaqHit> hits = new ArrayList<>();
                for (ReciprocalRankFusion.Fused<UUID> f : ReciprocalRankFusion.fuse(keyword, vectorRanking)) {
                    Double score = similar.get(f.id());
                    hits.add(new FaqHit(f.id(), f.score(), score == null ? -1 : 2 * score - 1,
                            keyword.indexOf(f.id()) + 1, vectorRanking.indexOf(f.id()) + 1));
                    if (hits.size() == limit) {
                        break;
                    }
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<UUID, Instant> indexedVersions() {
        Map<UUID, Instant> out = new HashMap<>();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                StoredFields stored = searcher.storedFields();
                for (ScoreDoc sd : searcher.search(new MatchAllDocsQuery(), Math.max(1, searcher.getIndexReader().numDocs())).scoreDocs) {
                    Document doc = stored.document(sd.doc, Set.of(ITEM, UPDATED));
                    out.put(UUID.fromString(doc.get(ITEM)), Instant.ofEpochMilli(doc.getField(UPDATED).numericValue().longValue()));
                }
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public IndexRebuild<FaqDocument> rebuild() {
        return LuceneRebuild.start("FAQ", writer, searchers, rebuilding, this::upsert);
    }

    /** Commits pending writes to disk (every two seconds when there are any); synchronised with {@link #close()}. */
    @Scheduled(fixedDelay = "2s")
    synchronized void commit() {
        if (writer.isOpen() && !rebuilding.get() && dirty.getAndSet(false)) {
            try {
                writer.commit();
            } catch (IOException e) {
                dirty.set(true);
                throw new UncheckedIOException(e);
            }
        }
    }

    @PreDestroy
    synchronized void close() throws IOException {
        rebuilding.set(false);
        LuceneRebuild.closeAll(writer, searchers);
    }

    private Query keywordQuery(String text, Query storeFilter) {
        Set<String> terms = new LinkedHashSet<>(analysis.englishTerms(text, 64));
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(storeFilter, BooleanClause.Occur.FILTER);
        terms.forEach(t -> b.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD));
        return b.setMinimumNumberShouldMatch(1).build();
    }

    /** @return item ids in rank order with the best score of each item's documents */
    private Map<UUID, Double> collapse(ScoreDoc[] docs, List<LeafReaderContext> leaves) throws IOException {
        Map<UUID, Double> items = new LinkedHashMap<>();
        for (ScoreDoc sd : docs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
            items.putIfAbsent(segment(leaf).itemIds()[sd.doc - leaf.docBase], (double) sd.score);
        }
        return items;
    }

    /**
     * The store's {@link #CANDIDATES} phrasings nearest to {@code vector}, scored exactly (every live
     * phrasing of the store), collapsed to items as {@link #collapse} does a ranking: Lucene's
     * {@code DOT_PRODUCT} score {@code max(0, (1 + cosine) / 2)}, ties in document order.
     *
     * @return item ids, nearest first, each with its best phrasing's score
     */
    private Map<UUID, Double> nearest(List<LeafReaderContext> leaves, String storeId, float[] vector) throws IOException {
        PriorityQueue<ScoredDoc> top = new PriorityQueue<>(CANDIDATES + 1, ScoredDoc::worseFirst);
        for (LeafReaderContext leaf : leaves) {
            Segment segment = segment(leaf);
            StoreVectors store = segment.byStore().get(storeId);
            if (store == null) {
                continue;
            }
            float[] cosines = store.cosines(vector);
            int[] docs = store.docs();
            Bits live = leaf.reader().getLiveDocs();
            // a phrasing enters only above the queue's worst score once it is full (as before, ties keep the earlier document)
            float floor = top.size() < CANDIDATES ? Float.NEGATIVE_INFINITY : top.peek().score();
            for (int i = 0; i < cosines.length; i++) {
                float score = Math.max((1 + cosines[i]) / 2, 0);
                if (score > floor && (live == null || live.get(docs[i]))) {
                    top.add(new ScoredDoc(score, segment.itemIds()[docs[i]], leaf.docBase + docs[i]));
                    if (top.size() > CANDIDATES) {
                        top.poll();
                    }
                    if (top.size() == CANDIDATES) {
                        floor = top.peek().score();
                    }
                }
            }
        }
        ScoredDoc[] ranked = new ScoredDoc[top.size()];
        for (int i = ranked.length - 1; i >= 0; i--) {
            ranked[i] = top.poll();
        }
        Map<UUID, Double> items = new LinkedHashMap<>();
        for (ScoredDoc d : ranked) {
            items.putIfAbsent(d.item(), (double) d.score());
        }
        return items;
    }

    private record ScoredDoc(float score, UUID item, int doc) {
        /** Lower score first; of equal scores the later document first (so the earlier one ranks higher, as in Lucene). */
        static int worseFirst(ScoredDoc a, ScoredDoc b) {
            int c = Float.compare(a.score, b.score);
            return c != 0 ? c : Integer.compare(b.doc, a.doc);
        }
    }

    /**
     * What a search needs of one segment, read once (a segment never changes; a deleted document keeps
     * its slot, and whether it is live is asked at search time).
     *
     * @param itemIds each document's item id
     * @param byStore each store's documents with a vector, and those vectors
     */
    private record Segment(UUID[] itemIds, Map<String, StoreVectors> byStore) {
    }

    /**
     * One store's vectors in a segment, dimension by dimension: {@code columns[d][i]} is dimension {@code d}
     * of document {@code docs[i]}. Scoring adds one dimension at a time across all documents, a loop the JIT
     * turns into SIMD instructions; a per-document dot product is a sum it may not reorder, so it stays
     * scalar on Java 17 (measured: 31 µs against 120 µs for 750 phrasings).
     */
    private record StoreVectors(int[] docs, float[][] columns) {
        /** @return each document's dot product with {@code q} (its cosine: both are unit vectors), in {@code docs} order */
        float[] cosines(float[] q) {
            float[] out = new float[docs.length];
            for (int d = 0; d < q.length; d++) {
                addScaled(out, columns[d], q[d]);
            }
            return out;
        }

        private static void addScaled(float[] out, float[] column, float x) {
            for (int i = 0; i < out.length; i++) {
                out[i] += x * column[i];
            }
        }
    }

    private Segment segment(LeafReaderContext leaf) throws IOException {
        IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
        IndexReader.CacheKey key = helper == null ? null : helper.getKey();
        Segment segment = key == null ? null : segments.get(key);
        if (segment == null) {
            segment = read(leaf.reader());
            if (key != null && segments.putIfAbsent(key, segment) == null) {
                helper.addClosedListener(segments::remove);
            }
        }
        return segment;
    }

    private static Segment read(LeafReader reader) throws IOException {
        int maxDoc = reader.maxDoc();
        StoredFields stored = reader.storedFields();
        UUID[] ids = new UUID[maxDoc];
        for (int d = 0; d < maxDoc; d++) {
            ids[d] = UUID.fromString(stored.document(d, Set.of(ITEM)).get(ITEM));
        }
        float[][] vectors = new float[maxDoc][];
        FloatVectorValues values = reader.getFloatVectorValues(VECTOR);
        int dimensions = values == null ? 0 : values.dimension();
        if (values != null) {
            for (int d = values.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = values.nextDoc()) {
                vectors[d] = values.vectorValue().clone();
            }
        }
        Map<String, StoreVectors> byStore = new HashMap<>();
        Terms stores = reader.terms(STORE);
        if (stores != null) {
            TermsEnum terms = stores.iterator();
            PostingsEnum postings = null;
            for (BytesRef term = terms.next(); term != null; term = terms.next()) {
                postings = terms.postings(postings, PostingsEnum.NONE);
                int[] docs = new int[terms.docFreq()];
                int n = 0;
                for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                    if (vectors[d] != null) {
                        docs[n++] = d;
                    }
                }
                float[][] columns = new float[dimensions][n];
                for (int i = 0; i < n; i++) {
                    float[] v = vectors[docs[i]];
                    for (int dim = 0; dim < dimensions; dim++) {
                        columns[dim][i] = v[dim];
                    }
                }
                byStore.put(term.utf8ToString(), new StoreVectors(Arrays.copyOf(docs, n), columns));
            }
        }
        return new Segment(ids, byStore);
    }

    private void write(IoAction action) {
        try {
            action.run();
            dirty.set(true);
            if (!rebuilding.get()) {
                searchers.maybeRefreshBlocking();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
