package dev.handoff.app.assistant;

import dev.handoff.app.commerce.ShopifyOrder;
import dev.handoff.app.conversation.AnswerSource;
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

    @Test
    void tellsWhatTheAssistantAnsweredBeforeByTheItemItUsed() {
        Instant now = Instant.parse("2026-11-20T00:00:00Z");
        assertEquals("Customer reports a damaged item: \"the mug arrived broken\". Before this, the assistant answered from the FAQ item"
                        + " \"What is your return policy?\".",
                TicketSummary.write("damaged_item", null, null, Sentiment.neutral, "the mug arrived broken", now, 0, 0,
                        new TicketSummary.AssistantReply(AnswerSource.faq, "You can return unworn items within 30 days.", List.of("What is your return policy?"))));
        assertEquals("Customer wrote: \"hm\". Before this, the assistant asked whether they meant \"What is your return policy?\" or"
                        + " \"How do I start a return?\". The assistant could not answer twice.",
                TicketSummary.write("unanswered", null, null, Sentiment.neutral, "hm", now, 0, 0,
                        new TicketSummary.AssistantReply(AnswerSource.clarify, "Did you mean one of these? …",
                                List.of("What is your return policy?", "How do I start a return?"))));
        assertEquals("Customer asked about order #1042. Before this, the assistant said: \"Order #1042 is shipped (in transit).\"."
                        + " Customer requested human help.",
                TicketSummary.write("human_requested", "#1042", null, Sentiment.neutral, "a person please", now, 0, 0,
                        new TicketSummary.AssistantReply(AnswerSource.order_status, "Order #1042 is shipped (in transit).", List.of())));
    }
}
