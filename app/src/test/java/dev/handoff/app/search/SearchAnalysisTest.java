package dev.handoff.app.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which merchant queries are exact identifiers, and which words a keyword hit must hold. */
class SearchAnalysisTest {

    private final SearchAnalysis analysis = new SearchAnalysis();

    @Test
    void orderAndTicketNumbersEmailsAndPhoneNumbersAreIdentifiers() {
        for (String number : List.of("#1042", "1042", " #1042 ", "order 1042", "Order #1042", "order no. 1042", "ticket #1042", "# 1042")) {
            SearchAnalysis.Identifier id = analysis.query(number).identifier();
            assertEquals(new SearchAnalysis.Identifier(List.of("1042"), "1042", !number.endsWith(" ")), id, number);
        }
        assertEquals(new SearchAnalysis.Identifier(List.of("jane.doe", "example.com"), null, false),
                analysis.query("Jane.Doe@Example.com").identifier());
        assertEquals(new SearchAnalysis.Identifier(List.of("44", "7700", "900123"), "447700900123", false),
                analysis.query("+44 7700 900123").identifier());
        assertEquals(new SearchAnalysis.Identifier(List.of("555", "123", "4567"), "5551234567", false),
                analysis.query("(555) 123-4567").identifier());
        assertEquals(List.of("1042"), analysis.query("#1042").english(), "the number alone is highlighted");
        assertNull(analysis.query("#1042").prefix(), "an identifier is not a prefix");
    }

    @Test
    void otherQueriesAreWords() {
        for (String words : List.of("12", "#12", "size 12 dress", "refund 1042", "jane.doe@exa", "1037.50", "123-45", "gift card")) {
            assertNull(analysis.query(words).identifier(), words);
        }
        SearchAnalysis.QueryTerms q = analysis.query("gift card for my sis");
        assertEquals(List.of("gift", "card", "for", "my", "sis"), q.words().stream().map(SearchAnalysis.Word::plain).toList());
        assertEquals(List.of(true, true, false, true, true), q.words().stream().map(SearchAnalysis.Word::required).toList(),
                "a stop word is not required");
        assertEquals("sis", q.prefix());
        assertNull(analysis.query("gift card ").prefix(), "a space ends the word being typed");
        assertTrue(analysis.query("the for ").words().stream().noneMatch(SearchAnalysis.Word::required));
        assertFalse(analysis.query("the for ").anyRequired(), "only stop words: any of them may match");
    }
}
