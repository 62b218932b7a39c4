package dev.handoff.app.assistant.faq;

import dev.handoff.app.search.EmbeddingService;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An FAQ held in memory: exact cosine similarities (brute force over every phrasing and answer vector)
 * and BM25 over one Lucene document per phrasing (phrasing + answer, Lucene's {@link EnglishAnalyzer}),
 * collapsed to items by their best document, as the store's index does; each item's {@link FaqHubness} is computed
 * when the view is built. For a proposed FAQ (a replay of
 * past messages against an item not yet saved), and for the benchmarks. Immutable and thread-safe once
 * built; building embeds every phrasing and answer (about 2.5 ms each with MiniLM, 5.5 ms with BGE small).
 */
public final class InMemoryFaqView implements FaqView {

    /**
     * One FAQ item.
     *
     * @param id         its id (any UUID for a proposed item)
     * @param question   the question
     * @param alternates other phrasings (may be empty)
     * @param answer     the answer text
     */
    public record Item(UUID id, String question, List<String> alternates, String answer) {
        /** @return the question followed by the alternate phrasings */
        public List<String> phrasings() {
            List<String> all = new ArrayList<>();
            all.add(question);
            all.addAll(alternates);
            return all;
        }
    }

    /**
     * An item with its vectors.
     *
     * @param item     the item
     * @param vectors  one unit vector per {@link Item#phrasings()} entry ({@link EmbeddingService#embed})
     * @param answer   the answer's unit vector ({@link EmbeddingService#embed})
     */
    public record EmbeddedItem(Item item, List<float[]> vectors, float[] answer) {
    }

    private static final String ITEM = "item";
    private static final String TEXT = "text";

    private final List<EmbeddedItem> items;
    private final Map<UUID, Double> hubness;
    private final EnglishAnalyzer analyzer = new EnglishAnalyzer();
    private final IndexSearcher searcher;

    /** @param items the FAQ with its vectors */
    public InMemoryFaqView(List<EmbeddedItem> items) {
        this.items = List.copyOf(items);
        this.hubness = FaqHubness.of(this.items.stream().map(e -> new FaqHubness.ItemVectors(e.item().id(), e.vectors(), e.answer())).toList());
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
            for (int i = 0; i < this.items.size(); i++) {
                Item item = this.items.get(i).item();
                for (String phrasing : item.phrasings()) {
                    Document doc = new Document();
                    doc.add(new StoredField(ITEM, i));
                    doc.add(new TextField(TEXT, phrasing + "\n" + item.answer(), Field.Store.NO));
                    writer.addDocument(doc);
                }
            }
            writer.commit();
            this.searcher = new IndexSearcher(DirectoryReader.open(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Embeds and indexes an FAQ.
     *
     * @param items      the items
     * @param embeddings the model the messages will be embedded with
     * @return the view
     */
    public static InMemoryFaqView of(List<Item> items, EmbeddingService embeddings) {
        return new InMemoryFaqView(items.parallelStream().map(i -> embed(i, embeddings)).toList());
    }

    /** @return the item with its phrasings' and answer's vectors */
    public static EmbeddedItem embed(Item item, EmbeddingService embeddings) {
        return new EmbeddedItem(item, item.phrasings().stream().map(embeddings::embed).toList(), embeddings.embed(item.answer()));
    }

    /** @return the items of this view */
    public List<EmbeddedItem> items() {
        return items;
    }

    @Override
    public List<FaqCandidate> candidates(String text, float[] vector, int limit) {
        Map<Integer, Integer> keywordRank = keywordRanks(text);
        List<FaqCandidate> all = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            EmbeddedItem e = items.get(i);
            double best = -1;
            for (float[] v : e.vectors()) {
                best = Math.max(best, EmbeddingService.cosine(vector, v));
            }
            all.add(new FaqCandidate(e.item().id(), e.item().question(), best, EmbeddingService.cosine(vector, e.answer()),
                    keywordRank.getOrDefault(i, 0), hubness.get(e.item().id())));
        }
        all.sort(Comparator.comparingDouble(FaqCandidate::phrasingSimilarity).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    private Map<Integer, Integer> keywordRanks(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms.size() < 64) {
                terms.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, Integer> ranks = new HashMap<>();
        if (terms.isEmpty()) {
            return ranks;
        }
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        terms.forEach(t -> q.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD));
        try {
            for (ScoreDoc sd : searcher.search(q.build(), 50).scoreDocs) {
                int item = searcher.storedFields().document(sd.doc).getField(ITEM).numericValue().intValue();
                ranks.putIfAbsent(item, ranks.size() + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ranks;
    }
}
