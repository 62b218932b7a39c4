package dev.handoff.app.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Runs a Lucene analyzer over query text, so queries are built from the same terms the index holds. */
final class LuceneTerms {

    private LuceneTerms() {
    }

    /**
     * @param max at most this many terms are returned (long queries are cut)
     * @return the terms {@code analyzer} makes of {@code text} for {@code field}, in order, repeats kept
     */
    static List<String> of(Analyzer analyzer, String field, String text, int max) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
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
}
