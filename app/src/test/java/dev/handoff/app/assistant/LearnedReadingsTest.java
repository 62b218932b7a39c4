package dev.handoff.app.assistant;

import dev.handoff.app.automation.Notices;
import dev.handoff.app.conversation.Sentiment;
import dev.handoff.app.search.EmbeddingService;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped intent and sentiment weights on the in-process embedding model, on the messages the
 * issue reported as misread (none of them is in the training data), and the language readers.
 */
class LearnedReadingsTest {

    private static EmbeddingService embeddings;
    private static MessageIntents intents;
    private static SentimentClassifier sentiment;
    private static final MessageLanguage LANGUAGES = new MessageLanguage();

    @BeforeAll
    static void load() {
        embeddings = new EmbeddingService();
        intents = new MessageIntents(new IntentClassifier(EmbeddingService.Spec.DEFAULT));
        sentiment = new SentimentClassifier(EmbeddingService.Spec.DEFAULT);
    }

    private static MessageIntents.Reading read(String text) {
        return intents.read(text, embeddings.embed(text));
    }

    private static String signal(String text) {
        return read(text).signal().map(EscalationSignal::reason).orElse(null);
    }

    private static Sentiment mood(String text) {
        return sentiment.classify(text, embeddings.embed(text)).sentiment();
    }

    @Test
    void informationalQuestionsAndBenignMentionsAreNotEscalations() {
        assertNull(signal("The box was a bit dented but the shoes are fine, thanks!"));
        assertNull(signal("what happens if my parcel is damaged?"));
        assertNull(signal("How long do refunds take?"));
        assertNull(signal("Do you ship to Canada?"));
        assertFalse(read("tell me how to change my order").orderStatus());
        assertFalse(read("can I change my order after placing it?").orderStatus());
    }

    @Test
    void requestsInOtherWordsAreRead() {
        assertTrue(read("hey, any news on when my stuff turns up? ordered ages ago").orderStatus());
        assertTrue(read("Where is my order #1042?").orderStatus());
        assertEquals("refund_request", signal("No rush, but can I get a refund for the blue one?"));
        assertEquals("damaged_item", signal("the lamp I got is broken"));
        assertEquals("address_change", signal("please change the delivery address on my order"));
        assertEquals("human_requested", signal("Can I speak to a real person?"));
        // the same topic asked as a policy question and as a request about the shopper's own order
        assertNull(signal("what is your policy on cancelling orders?"));
        assertEquals("cancel_request", signal("I'd like to cancel order 5512 please, I bought it by mistake"));
        assertNull(signal("do refunds go back to the original card?"));
        assertEquals("refund_request", signal("I sent the boots back two weeks ago and want my money back"));
    }

    @Test
    void howToQuestionsAskTheFaqFirstRequestsDoNot() {
        MessageIntents.Reading howTo = read("how do I change the delivery address on my order?");
        assertEquals("address_change", howTo.signal().map(EscalationSignal::reason).orElse(null));
        assertTrue(howTo.faqFirst(), "the FAQ is asked first: when it says how, it answers");
        MessageIntents.Reading request = read("please change the delivery address on my order");
        assertEquals("address_change", request.signal().map(EscalationSignal::reason).orElse(null));
        assertFalse(request.faqFirst(), "a request about the shopper's own order goes to a person");
        assertFalse(read("Could you change the address to 5 High Street?").faqFirst(), "asked politely, still a request");
        // a how-to question after an aside is still how-to; after a story of the order, or asked of us, it is a request
        MessageIntents.Reading moved = read("I moved, how do I update my address?");
        assertEquals("address_change", moved.signal().map(EscalationSignal::reason).orElse(null));
        assertTrue(moved.faqFirst(), "asks how: " + moved);
        assertFalse(IntentClassifier.asksHowToAfterAside("I just placed an order, how do I change the address?"), "a story of the order");
        assertFalse(IntentClassifier.asksHowToAfterAside("I moved, how do I update the address on order 1042?"), "a named order");
        assertFalse(read("I moved, can you update the address on my order?").faqFirst(), "asked of us: a request");
        assertFalse(read("The lamp arrived cracked, what do I do?").faqFirst(), "something happened: a person");
        assertFalse(read("Where is my order #1042?").faqFirst(), "the rule read an order-status request");
        assertFalse(read("Can I speak to a real person?").faqFirst(), "a request for a person is never asked of the FAQ");

        // whether an order can be changed at all is the FAQ's question too, greeting or not; naming the order makes it a request
        for (String asks : List.of("Can I change my order?", "Hi team, can I change my order?", "could we still cancel the order?")) {
            MessageIntents.Reading r = read(asks);
            assertTrue(r.signal().isEmpty() || r.faqFirst(), asks + ": " + r);
        }
        assertTrue(IntentClassifier.asksWhetherItCanChange("Hi team, can I change my order?"));
        assertFalse(IntentClassifier.asksWhetherItCanChange("Can I cancel order #1042?"), "a change of a named order is a request");
        assertFalse(IntentClassifier.asksWhetherItCanChange("can you change my order"), "asked of us: a request");
        assertFalse(IntentClassifier.asksWhetherItCanChange("I ordered the wrong size, can I change it to a medium?"),
                "a story first: a request about what happened");
        assertFalse(IntentClassifier.asksWhetherItCanChange("Can I change my address to 221B Baker Street?"), "a new address: a request");
        assertFalse(IntentClassifier.asksWhetherItCanChange("can I cancel order 512"), "a short order number: a request");
    }

    @Test
    void policyQuestionsAboutGoodsOrMoneyAskTheFaqFirstProblemsDoNot() {
        MessageIntents.Reading policy = read("Do you refund the return shipping costs?");
        assertEquals("refund_request", policy.signal().map(EscalationSignal::reason).orElse(null), "the classifier reads a refund");
        assertTrue(policy.faqFirst(), "a policy question: the FAQ says how refunds work");
        assertTrue(policy.faqMustAnswer(), "only an outright answer replaces the escalation");
        assertTrue(read("what do I do if the wrong item is sent?").faqFirst(), "an event in a hypothetical is a policy question");
        for (String problem : List.of("Is the screen supposed to be cracked like this?", "Any update on the refund?",
                "Why did I receive the wrong size?", "I want a refund for the blue jumper")) {
            MessageIntents.Reading r = read(problem);
            assertTrue(r.signal().isPresent(), problem + ": read as an escalation");
            assertFalse(r.faqFirst(), problem + ": a problem, not a policy question (" + r.signal() + ")");
        }
        assertTrue(MessageIntents.onlyAsks("what's your refund policy"));
        assertTrue(MessageIntents.onlyAsks("Hi! Do you refund shipping? And how long does it take?"), "a greeting is no statement");
        assertFalse(MessageIntents.onlyAsks("Is this normal? the lamp arrived cracked"), "an unmarked statement after a question");
        assertFalse(read("how can I change my address").faqMustAnswer(), "an order change may be answered with close items");
    }

    @Test
    void theAngryDamagedRepeatedMessageEscalatesAndIsNegative() {
        String text = "Order #7731 arrived and the sweater is torn. This is the third time I'm writing and nobody helps. "
                + "I want to talk to a real person now!";
        assertTrue(read(text).signal().isPresent());
        assertEquals(Sentiment.negative, mood(text), "frustration is negative: the ticket's priority is raised");
        assertEquals(Sentiment.negative, mood("NOBODY HAS ANSWERED ME FOR A WEEK"));
    }

    @Test
    void topicWordsCarryNoSentiment() {
        assertEquals(Sentiment.neutral, mood("Is the Christmas party dress back in stock?"));
        assertFalse(mood("No rush, but can I get a refund for the blue one?") == Sentiment.negative);
        assertEquals(Sentiment.positive, mood("Thank you so much, the jacket is perfect!"));
        assertEquals(Sentiment.negative, Sentiment.of(-0.6));
        assertEquals(Sentiment.neutral, Sentiment.of(0.1));
    }

    @Test
    void weightsOfAnotherEmbeddingModelFailLoudly() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new IntentClassifier("no-such-model"));
        assertTrue(missing.getMessage().contains("bench/intents.sh"), missing.getMessage());
        String other = "embedding bge-small-en-v1.5\nfeatures 1\nclass negative 0 0 1\nclass neutral 0 0 1\nclass positive 0 0 1\n";
        LinearModel model = LinearModel.read(new ByteArrayInputStream(other.getBytes(StandardCharsets.UTF_8)));
        assertEquals("bge-small-en-v1.5", model.embedding());
        assertThrows(IllegalStateException.class, () -> new IntentClassifier(model), "a model without the intents is refused");
    }

    @Test
    void languagesAreDetectedAndNoticesLocalised() {
        assertEquals("es", LANGUAGES.detect("¿Dónde está mi pedido? Lo compré hace dos semanas y no ha llegado."));
        assertEquals("de", LANGUAGES.detect("Mein Paket ist beschädigt angekommen, ich möchte mit jemandem sprechen."));
        assertEquals("fr", LANGUAGES.detect("Bonjour, je voudrais savoir quand ma commande sera livrée."));
        assertEquals("en", LANGUAGES.detect("Hello, I would like to know when my order will be delivered."));
        assertEquals("en", LANGUAGES.detect("what is the capital of peru"));
        assertEquals("nl", LANGUAGES.detect("Waar is mijn bestelling? Ik heb hem vorige week besteld."));
        assertNull(LANGUAGES.detect("#1042"), "too short to tell");
        // one English function word: English when the trigrams barely lean elsewhere (they read these as de and fr) ...
        assertEquals("en", LANGUAGES.detect("is my order here"));
        assertEquals("en", LANGUAGES.detect("i want to pay a bill"));
        // ... while short messages in the other languages keep theirs
        assertEquals("de", LANGUAGES.detect("ist mein Paket schon da"));
        assertEquals("nl", LANGUAGES.detect("is mijn bestelling er al"));
        assertEquals("it", LANGUAGES.detect("il mio ordine non è arrivato"));
        assertTrue(Notices.handoff("es", 12).contains("ticket n.º 12"));
        assertEquals(Notices.handoff(null, 3), Notices.handoff("ja", 3), "unsupported languages get English");
        ZonedDateTime monday = ZonedDateTime.of(2026, 11, 30, 9, 0, 0, 0, ZoneId.of("Europe/Berlin"));
        assertEquals("Wir haben gerade geschlossen; eine Person antwortet Ihnen hier, wenn wir am Montag um 09:00 (Europe/Berlin) öffnen.",
                Notices.expectedResponse("de", false, monday, monday.minusDays(3).toInstant()));
    }

    @Test
    void offlineAMessageInAnotherLanguageIsAnsweredOnlyAsAPlainQuestionFromAnItemInItsLanguage() {
        String question = "¿Hacen envíos a México?";
        String spanish = "Sí, enviamos a México: la entrega tarda de 7 a 10 días hábiles y cuesta 15 dólares.";
        String english = "Yes, we ship to Mexico: delivery takes 7 to 10 business days and costs $15.";
        assertTrue(LANGUAGES.answersOffline("es", question, question, spanish));
        assertFalse(LANGUAGES.answersOffline("es", question, question, english), "never an English answer");
        assertTrue(LANGUAGES.answersOffline("en", "Do you ship to Mexico?", "Do you ship to Mexico?", english));
        assertTrue(LANGUAGES.answersOffline(null, "Mexico?", "Do you ship to Mexico?", english), "no known language reads as English");
        // not a plain question: a person takes it, whatever item sits near it
        assertFalse(LANGUAGES.answersOffline("es", "Hacen envíos a México", question, spanish), "no question mark");
        assertFalse(LANGUAGES.answersOffline("es", "Quiero hablar con una persona: ¿hacen envíos a México?", question, spanish));
        assertFalse(LANGUAGES.answersOffline("es", "Mi pedido llegó roto, ¿hacen envíos a México?", question, spanish));
        assertFalse(LANGUAGES.answersOffline("de", "Mein Paket ist beschädigt, liefern Sie nach Mexiko?", "Liefern Sie nach Mexiko?",
                "Ja, wir liefern nach Mexiko in 7 bis 10 Werktagen."));
        assertFalse(LANGUAGES.answersOffline("fr", "Je n'ai pas reçu ma commande, livrez-vous au Mexique ?", "Livrez-vous au Mexique ?",
                "Oui, nous livrons au Mexique en 7 à 10 jours ouvrés."));
        assertTrue(LANGUAGES.answersOffline("fr", "Livrez-vous au Mexique ?", "Livrez-vous au Mexique ?",
                "Oui, nous livrons au Mexique en 7 à 10 jours ouvrés."));
    }
}
