package dev.handoff.app.search;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
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
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded conversation index (Apache Lucene under {@code <data>/index/conversations}). One
 * document per conversation. Message text is analysed with Lucene's {@link EnglishAnalyzer} (as the
 * FAQ index) and also kept unstemmed in {@code words} for prefix matching while the merchant types;
 * names and emails use the {@link StandardAnalyzer}; order and ticket numbers are exact terms. Vector
 * hits count only from cosine similarity {@link #MIN_SIMILARITY}, since kNN always returns k.
 */
@Singleton
@Requires(property = "handoff.search.backend", value = "lucene", defaultValue = "lucene")
public class LuceneConversationIndex implements ConversationIndex {

    /** Vector hits below this cosine similarity are not results. */
    static final double MIN_SIMILARITY = 0.4;
    private static final int CANDIDATES = 200;

    private static final String STORE = "store";
    private static final String ID = "id";
    private static final String CHANNEL = "channel";
    private static final String STATUS = "status";
    private static final String SENTIMENT = "sentiment";
    private static final String HAS_TICKET = "has_ticket";
    private static final String HAS_DRAFT = "has_draft";
    private static final String LAST = "last";
    private static final String TEXT = "text";
    private static final String WORDS = "words";
    private static final String PEOPLE = "people";
    private static final String REFS = "refs";
    private static final String VECTOR = "vector";

    private final Analyzer analyzer = new PerFieldAnalyzerWrapper(new EnglishAnalyzer(),
            Map.of(WORDS, new StandardAnalyzer(), PEOPLE, new StandardAnalyzer()));
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final EmbeddingService embeddings;
    private final AtomicBoolean dirty = new AtomicBoolean();

    LuceneConversationIndex(@Value("${handoff.data-dir}") String dataDir, EmbeddingService embeddings) {
        this.embeddings = embeddings;
        try {
            FSDirectory dir = FSDirectory.open(Path.of(dataDir, "index", "conversations"));
            this.writer = new IndexWriter(dir, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the conversation index under " + dataDir, e);
        }
    }

    @Override
    public void upsert(ConversationDocument d) {
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
        String body = String.join("\n", d.subjects()) + "\n" + d.text();
        doc.add(new TextField(TEXT, body, Field.Store.YES));
        doc.add(new TextField(WORDS, body, Field.Store.NO));
        String people = (d.customerName() == null ? "" : d.customerName()) + " " + (d.customerEmail() == null ? "" : d.customerEmail())
                + " " + String.join(" ", d.tags());
        doc.add(new TextField(PEOPLE, people, Field.Store.NO));
        d.references().forEach(r -> doc.add(new StringField(REFS, r, Field.Store.NO)));
        if (d.vector() != null) {
            doc.add(new KnnFloatVectorField(VECTOR, d.vector(), org.apache.lucene.index.VectorSimilarityFunction.DOT_PRODUCT));
        }
        try {
            writer.updateDocument(new Term(ID, d.conversationId().toString()), doc);
            dirty.set(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        int want = Math.min(CANDIDATES, q.offset() + q.limit());
        String text = q.text() == null ? "" : q.text();
        Query keyword = text.isBlank() ? null : keywordQuery(text);
        if (keyword == null) {
            TopDocs top = searcher.search(filter, want, new Sort(new SortField(LAST, SortField.Type.LONG, true)));
            List<Integer> docs = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                docs.add(sd.doc);
            }
            return new Page(top.totalHits.value, page(searcher, stored, docs, null, Map.of(), q));
        }
        BooleanQuery keywordFiltered = new BooleanQuery.Builder().add(filter, BooleanClause.Occur.FILTER)
                .add(keyword, BooleanClause.Occur.MUST).build();
        Map<Integer, Double> fused = new LinkedHashMap<>();
        List<Integer> keywordDocs = new ArrayList<>();
        if (q.mode() != SearchMode.vector) {
            for (ScoreDoc sd : searcher.search(keywordFiltered, CANDIDATES).scoreDocs) {
                keywordDocs.add(sd.doc);
            }
        }
        List<Integer> vectorDocs = new ArrayList<>();
        if (q.mode() != SearchMode.keyword) {
            float[] vector = embeddings.embed(text);
            for (ScoreDoc sd : searcher.search(new KnnFloatVectorQuery(VECTOR, vector, CANDIDATES, filter), CANDIDATES).scoreDocs) {
                if (2 * sd.score - 1 >= MIN_SIMILARITY) {
                    vectorDocs.add(sd.doc);
                }
            }
        }
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
        return new Page(ordered.size(), page(searcher, stored, ordered, keyword, fused, q));
    }

    private List<ConversationHit> page(IndexSearcher searcher, StoredFields stored, List<Integer> docs, Query keyword,
                                       Map<Integer, Double> scores, ConversationQuery q) throws IOException {
        List<Integer> slice = docs.subList(Math.min(q.offset(), docs.size()), Math.min(q.offset() + q.limit(), docs.size()));
        if (slice.isEmpty()) {
            return List.of();
        }
        int[] ids = slice.stream().mapToInt(Integer::intValue).toArray();
        String[] highlights = new String[ids.length];
        if (keyword != null) {
            UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                    .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "… ", true))
                    .withHighlightPhrasesStrictly(false)
                    .build();
            highlights = highlighter.highlightFields(new String[] {TEXT}, highlightQuery(q.text()), ids, new int[] {2}).get(TEXT);
        }
        List<ConversationHit> hits = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Document doc = stored.document(ids[i], Set.of(ID, TEXT));
            String snippet = highlights[i] != null ? highlights[i] : escape(abbreviate(doc.get(TEXT).strip()));
            hits.add(new ConversationHit(UUID.fromString(doc.get(ID)), scores.getOrDefault(ids[i], 0.0), snippet));
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

    /** Makes writes searchable (every 250 ms). */
    @Scheduled(fixedDelay = "250ms")
    void refresh() throws IOException {
        searchers.maybeRefresh();
    }

    /** Commits writes to disk (every two seconds when there are any). */
    @Scheduled(fixedDelay = "2s")
    void commit() throws IOException {
        if (dirty.getAndSet(false)) {
            writer.commit();
        }
    }

    @PreDestroy
    void close() throws IOException {
        commit();
        searchers.close();
        writer.close();
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

    /** Any analysed word in the text or the customer fields, an order/ticket number, or the last word as a prefix. */
    private Query keywordQuery(String text) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (String t : analyse(TEXT, text)) {
            b.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD);
            clauses++;
        }
        List<String> plain = analyse(PEOPLE, text);
        for (String t : plain) {
            b.add(new TermQuery(new Term(PEOPLE, t)), BooleanClause.Occur.SHOULD);
            if (t.chars().allMatch(Character::isDigit)) {
                b.add(new TermQuery(new Term(REFS, t)), BooleanClause.Occur.SHOULD);
            }
            clauses++;
        }
        if (!plain.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1))) {
            String last = plain.get(plain.size() - 1);
            b.add(new PrefixQuery(new Term(WORDS, last)), BooleanClause.Occur.SHOULD);
            b.add(new PrefixQuery(new Term(PEOPLE, last)), BooleanClause.Occur.SHOULD);
        }
        return clauses == 0 ? null : b.setMinimumNumberShouldMatch(1).build();
    }

    /** The query the highlighter marks: the words of {@code text} field, with the last as a prefix. */
    private Query highlightQuery(String text) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        analyse(TEXT, text).forEach(t -> b.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD));
        List<String> plain = analyse(PEOPLE, text);
        if (!plain.isEmpty()) {
            b.add(new PrefixQuery(new Term(TEXT, plain.get(plain.size() - 1))), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    private List<String> analyse(String field, String text) {
        return LuceneTerms.of(analyzer, field, text.toLowerCase(Locale.ROOT), 32);
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 157) + "…";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
