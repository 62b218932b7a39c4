package dev.handoff.app.search;

import jakarta.inject.Singleton;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.highlight.SimpleSpanFragmenter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text analysis both search backends share, so that a query finds the same documents in the
 * embedded index and in Elasticsearch. Elasticsearch's Maven distribution has no {@code english}
 * analyser (nor the {@code analysis-common} filters), so text is analysed here, in Java, with Lucene's
 * {@link EnglishAnalyzer} (standard tokenizer, English possessive filter, lower case, English stop
 * words, Porter stemmer) and Elasticsearch indexes the resulting terms with its built-in
 * {@code whitespace} analyser; the embedded index runs the same analyser itself. Names, emails and
 * the prefix-while-typing field use the {@link StandardAnalyzer} (lower case, no stemming). Snippets
 * are cut from the original text with Lucene's highlighter in both backends.
 */
@Singleton
public class SearchAnalysis {

    /** The stemmed full-text field. */
    static final String TEXT = "text";
    /** Unstemmed words, for prefix matching. */
    static final String WORDS = "words";
    /** Customer name, email, tags. */
    static final String PEOPLE = "people";

    private static final int MAX_QUERY_TERMS = 32;
    private static final int SNIPPET_CHARS = 160;

    private final Analyzer english = new EnglishAnalyzer();
    private final Analyzer plain = new StandardAnalyzer();
    private final Analyzer perField = new PerFieldAnalyzerWrapper(english, Map.of(WORDS, plain, PEOPLE, plain));

    /** @return the analyser per field for a Lucene {@code IndexWriter}: English for {@link #TEXT}, standard for the others */
    Analyzer analyzer() {
        return perField;
    }

    /** @return the English (stemmed) terms of {@code text}, in order, repeats kept, at most {@code max} */
    List<String> englishTerms(String text, int max) {
        return terms(english, text, max);
    }

    /** @return the lower-cased, unstemmed terms of {@code text}, in order, at most {@code max} */
    List<String> plainTerms(String text, int max) {
        return terms(plain, text, max);
    }

    /**
     * Analyses what a merchant or shopper typed.
     *
     * @param text the query text
     * @return English terms, plain terms, the all-digit terms (order and ticket numbers) and the last
     *         plain term as a prefix unless the text ends in white space
     */
    QueryTerms query(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> plainTerms = plainTerms(lower, MAX_QUERY_TERMS);
        List<String> refs = plainTerms.stream().filter(t -> t.chars().allMatch(Character::isDigit)).toList();
        String prefix = plainTerms.isEmpty() || Character.isWhitespace(text.charAt(text.length() - 1))
                ? null : plainTerms.get(plainTerms.size() - 1);
        return new QueryTerms(englishTerms(lower, MAX_QUERY_TERMS), plainTerms, refs, prefix);
    }

    /**
     * Cuts a snippet of at most two passages of about {@value #SNIPPET_CHARS} characters around the
     * query's words (stemmed, and the prefix), HTML-escaped, matches wrapped in {@code <mark>}.
     *
     * @param text  the original text
     * @param query the analysed query, or {@code null} for the text's start
     * @return the snippet; the escaped start of the text when nothing matches
     */
    String snippet(String text, QueryTerms query) {
        SimpleHTMLEncoder encoder = new SimpleHTMLEncoder();
        if (query != null) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            query.english().forEach(t -> b.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD));
            if (query.prefix() != null) {
                b.add(new PrefixQuery(new Term(TEXT, query.prefix())), BooleanClause.Occur.SHOULD);
            }
            QueryScorer scorer = new QueryScorer(b.build(), TEXT);
            Highlighter highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), encoder, scorer);
            highlighter.setTextFragmenter(new SimpleSpanFragmenter(scorer, SNIPPET_CHARS / 2));
            try {
                String best = highlighter.getBestFragments(english.tokenStream(TEXT, text), text, 2, "… ");
                if (!best.isBlank()) {
                    return best.strip();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InvalidTokenOffsetsException e) {
                // fall through to the start of the text
            }
        }
        String start = text.strip();
        return encoder.encodeText(start.length() <= SNIPPET_CHARS ? start : start.substring(0, SNIPPET_CHARS - 1) + "…");
    }

    private static List<String> terms(Analyzer analyzer, String text, int max) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && out.size() < max) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * An analysed query.
     *
     * @param english stemmed terms, for the full-text field
     * @param plain   unstemmed lower-case terms, for names and emails
     * @param refs    the all-digit terms: order and ticket numbers
     * @param prefix  the word being typed (the last one), or {@code null} when the text ends in a space
     */
    record QueryTerms(List<String> english, List<String> plain, List<String> refs, String prefix) {

        boolean isEmpty() {
            return english.isEmpty() && plain.isEmpty();
        }
    }
}
