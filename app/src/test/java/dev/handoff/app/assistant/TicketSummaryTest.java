package dev.handoff.app.assistant;

import dev.handoff.app.commerce.ShopifyOrder;
import dev.handoff.app.conversation.Sentiment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TicketSummaryTest {

    @Test
    void writesTheSeedStyleSummary() {
        ShopifyOrder late = new ShopifyOrder("#1042", "1042", "a@b.co", "paid", null, "10.00", "USD",
                Instant.parse("2026-11-01T00:00:00Z"), null, List.of(), List.of());
        assertEquals("Customer asked about order #1042. Order appears delayed. Customer is frustrated and requested human help.",
                TicketSummary.write("human_requested", "#1042", late, Sentiment.negative, "where is it", Instant.parse("2026-11-20T00:00:00Z")));
        assertEquals("Customer wrote: \"hello?\". The assistant could not answer twice.",
                TicketSummary.write("unanswered", null, null, Sentiment.neutral, "hello?", Instant.now()));
    }
}
