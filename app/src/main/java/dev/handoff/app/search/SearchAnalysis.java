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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** {@code #1042}, {@code 1042}, {@code order 1042}, {@code order no. 1042}, {@code ticket #1001}. */
    private static final Pattern NUMBER = Pattern.compile("(?:(?:order|ticket)\\s*(?:number|no\\.?)?\\s*)?#?\\s*(\\d{3,})");
    /** An order or ticket number marked as one inside a longer query: {@code #1037}, {@code order 1037}, {@code ticket no. 1001}. */
    private static final Pattern MARKED_NUMBER = Pattern.compile("(?:#|\\b(?:order|ticket)\\s*(?:number|no\\.?)?\\s*#?)\\s*(\\d{3,})\\b");
    /** Something@domain.tld, as typed (no spaces). */
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
    /** Digits with the separators phone numbers are written with; the digit count is checked apart. */
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d ().-]*\\d");
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
     * <p>A query that is one exact identifier as a whole is an {@link Identifier}: an order or ticket number
     * ({@code #1042}, {@code 1042}, {@code order 1042}, {@code ticket #1001}: three or more digits), an email
     * address, or a phone number ({@code +44 7700 900123}, {@code (555) 123-4567}: 7 to 15 digits written with
     * {@code + ( ) . -} or spaces). Anything else is a list of {@link Word}s, and the order and ticket numbers marked
     * as such among them ({@code #1037}, {@code order 1037}).
     *
     * @param text the query text
     * @return the words (each plain, English and whether it is the prefix being typed: the last word unless the
     *         text ends in white space), and the identifier when the whole text is one
     */
    QueryTerms query(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Identifier identifier = identifier(lower.strip(), !Character.isWhitespace(text.charAt(text.length() - 1)));
        if (identifier != null) {
            return new QueryTerms(identifier.tokens().stream().map(t -> new Word(t, english(t), false)).toList(), identifier, List.of());
        }
        List<String> numbers = new ArrayList<>();
        Matcher marked = MARKED_NUMBER.matcher(lower);
        while (marked.find()) {
            numbers.add(marked.group(1));
        }
        List<String> plainTerms = plainTerms(lower, MAX_QUERY_TERMS);
        boolean typing = !Character.isWhitespace(text.charAt(text.length() - 1));
        List<Word> words = new ArrayList<>(plainTerms.size());
        for (int i = 0; i < plainTerms.size(); i++) {
            String t = plainTerms.get(i);
            words.add(new Word(t, english(t), typing && i == plainTerms.size() - 1));
        }
        return new QueryTerms(words, null, List.copyOf(numbers));
    }

    /** @return the English (stemmed) term of one plain term, or {@code null} for a stop word */
    private String english(String plainTerm) {
        List<String> e = englishTerms(plainTerm, 1);
        return e.isEmpty() ? null : e.get(0);
    }

    private Identifier identifier(String text, boolean typing) {
        Matcher number = NUMBER.matcher(text);
        if (number.matches()) {
            return new Identifier(List.of(number.group(1)), number.group(1), typing);
        }
        if (EMAIL.matcher(text).matches()) {
            return new Identifier(plainTerms(text, MAX_QUERY_TERMS), null, false);
        }
        if (PHONE.matcher(text).matches()) {
            String digits = text.replaceAll("\\D", "");
            if (digits.length() >= 7 && digits.length() <= 15) {
                return new Identifier(plainTerms(text, MAX_QUERY_TERMS), digits, false);
            }
        }
        return null;
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
     * @param words      its words in order, at most {@value #MAX_QUERY_TERMS}; for an identifier, the identifier's
     * @param identifier the exact identifier the whole query is, or {@code null} for ordinary words
     * @param numbers    order and ticket numbers marked as such among the words ({@code refund #1037}): a conversation
     *                   found by similarity must hold each of them too, so another customer's order is never offered
     */
    record QueryTerms(List<Word> words, Identifier identifier, List<String> numbers) {

        boolean isEmpty() {
            return words.isEmpty();
        }

        /** @return the English terms of the words, for the full-text field and the highlighter */
        List<String> english() {
            return words.stream().map(Word::english).filter(java.util.Objects::nonNull).toList();
        }

        /** @return the word being typed, matched as a prefix, or {@code null} */
        String prefix() {
            return words.stream().filter(Word::prefix).map(Word::plain).findFirst().orElse(null);
        }

        /** @return whether any word is required; when none is (only stop words), any of them may match */
        boolean anyRequired() {
            return words.stream().anyMatch(Word::required);
        }
    }

    /**
     * One word of a query. Every word a conversation must contain (in its text, stemmed; in the customer's name,
     * email or tags; as an order or ticket number; or, for the word being typed, as a prefix) is {@link #required};
     * English stop words ({@code for}, {@code the}, …) are not, as the text field does not hold them.
     *
     * @param plain   lower-cased, unstemmed: for names, emails, tags, numbers and the prefix
     * @param english stemmed, for the text; {@code null} for a stop word
     * @param prefix  whether it is the word being typed (the last one, not followed by white space)
     */
    record Word(String plain, String english, boolean prefix) {

        /** @return whether a conversation must contain it */
        boolean required() {
            return english != null || prefix;
        }

        /** @return whether it is all digits: maybe an order or ticket number */
        boolean number() {
            return plain.chars().allMatch(Character::isDigit);
        }
    }

    /**
     * An exact identifier: a search for it is a lookup, answered only by conversations that contain it ({@link #tokens}
     * in sequence in their text or in the customer's name, email or tags; or its {@link #digits} as an order or ticket
     * number or a word), never by similar-looking ones, so the vector ranking is not asked.
     *
     * @param tokens its plain terms ({@code jane.doe}, {@code example.com}; {@code 1042})
     * @param digits its digits for a number or a phone number, else {@code null}
     * @param typing whether it is an order or ticket number still being typed (no white space after it): order and
     *               ticket numbers that start with it match too ({@code #104} finds {@code #1042}), after the exact one
     */
    record Identifier(List<String> tokens, String digits, boolean typing) {
    }
}
