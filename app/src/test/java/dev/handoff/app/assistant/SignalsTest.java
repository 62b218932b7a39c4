package dev.handoff.app.assistant;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalsTest {

    @Test
    void orderReferencesInCommonPhrasings() {
        assertEquals("1042", OrderReference.find("where is #1042", false).orderNumber());
        assertEquals("1042", OrderReference.find("Order 1042 please", false).orderNumber());
        assertEquals("1042", OrderReference.find("my order number is: 1042", false).orderNumber());
        assertEquals("1042", OrderReference.find("order no. 1042", false).orderNumber());
        assertNull(OrderReference.find("I paid $1042.50 for 3 shirts", false).orderNumber());
        assertNull(OrderReference.find("it's 1042", false).orderNumber(), "bare numbers only when asked for");
        assertEquals("1042", OrderReference.find("it's 1042", true).orderNumber());
        OrderReference r = OrderReference.find("email is Ana.Lopez+shop@Example.com, order #1031", false);
        assertEquals("ana.lopez+shop@example.com", r.email());
        assertEquals("1031", r.orderNumber());
        assertTrue(OrderReference.find("no reference here", true).isEmpty());
    }

    @Test
    void escalationSignalsAndTheQuestionsThatAreNot() {
        assertEquals("human_requested", reason("Can I speak to a real person?"));
        assertEquals("human_requested", reason("human please"));
        assertEquals("damaged_item", reason("The mug arrived broken"));
        assertEquals("missing_package", reason("Tracking says delivered but I never got it, nothing at the door"));
        assertEquals("missing_package", reason("my parcel got lost"));
        assertEquals("refund_request", reason("I want a refund now"));
        assertEquals("chargeback", reason("I'll file a chargeback with my bank"));
        assertEquals("billing_dispute", reason("You charged me twice for one order"));
        assertEquals("repeated_contact", reason("This is the third time I'm asking"));
        assertNull(reason("How long do refunds take?"));
        assertNull(reason("What is your return policy?"));
        assertNull(reason("my card is damaged, can I use another"));
        assertNull(reason("where is my order"));
        assertNull(reason("The box was a bit dented but the shoes are fine, thanks!"), "the packaging is not the goods");
    }

    private static String reason(String text) {
        Optional<EscalationSignal> s = EscalationSignal.detect(text);
        return s.map(EscalationSignal::reason).orElse(null);
    }

    @Test
    void lexiconHandlesNegationAndIntensity() {
        assertTrue(SentimentClassifier.lexiconScore("this is good") > 0);
        assertTrue(SentimentClassifier.lexiconScore("this is not good") < 0);
        assertTrue(SentimentClassifier.lexiconScore("this is really bad!!!") < SentimentClassifier.lexiconScore("this is bad"));
        assertTrue(SentimentClassifier.lexiconScore("it was bad but now it's great") > 0);
        assertEquals(0, SentimentClassifier.lexiconScore("the parcel is in the kitchen"));
    }
}
