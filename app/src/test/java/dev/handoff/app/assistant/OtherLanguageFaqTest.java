package dev.handoff.app.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offline, a message in another language than English is answered only from an FAQ item the merchant wrote in that
 * language, and the knowledge base's "answered now" says what the live assistant does: a Spanish question whose
 * item has an English answer goes to a person and stays listed as unanswered; once the merchant writes the answer in
 * Spanish, the same question is answered from it, the list says so, and a preview replays the same rule.
 */
class OtherLanguageFaqTest {

    private static final Api API = TestApp.api();
    private static final String QUESTION = "¿Hacen envíos a México?";

    @Test
    void aSpanishQuestionIsAnsweredFromTheItemWrittenInSpanishAndOnlyFromIt() {
        Api.Store shop = API.createStore("Tienda");
        // the question copied in Spanish, the answer still in English: the decision finds the item, the shopper could not read it
        API.importFaq(shop.id(), List.of(
                Map.of("question", QUESTION, "answer", "Yes, we ship to Mexico: delivery takes 7 to 10 business days and costs $15."),
                Map.of("question", "How long do refunds take?", "answer", "Refunds reach your card within 5 business days.")));
        assertEquals("answer", API.admin("GET", "/api/stores/" + shop.id() + "/assistant/faq-decision?q="
                + java.net.URLEncoder.encode(QUESTION, java.nio.charset.StandardCharsets.UTF_8), null).body().get("outcome").asText(),
                "the FAQ decision alone would answer it");

        JsonNode first = ask(shop, QUESTION);
        assertTrue(faqAnswers(first).isEmpty(), "no English item is quoted to a Spanish question: " + first);
        assertEquals("escalated", first.get("conversation").get("status").asText());
        API.admin("POST", "/api/stores/" + shop.id() + "/conversations/" + first.get("conversation").get("id").asText() + "/messages",
                Map.of("text", "¡Hola! Sí, enviamos a México en 7 a 10 días hábiles."));
        JsonNode cluster = clusterOf(shop, QUESTION);
        assertTrue(cluster.get("answeredNowBy").isNull(), "the list does not claim an answer the assistant would not give: " + cluster);

        API.importFaq(shop.id(), List.of(Map.of("question", QUESTION,
                "answer", "Sí, enviamos a México: la entrega tarda de 7 a 10 días hábiles y cuesta 15 dólares.")));
        JsonNode second = ask(shop, QUESTION);
        List<JsonNode> answers = faqAnswers(second);
        assertEquals(1, answers.size(), second.toString());
        assertTrue(answers.get(0).get("text").asText().startsWith("Sí, enviamos a México"), answers.get(0).toString());
        assertFalse(second.get("conversation").get("status").asText().equals("escalated"), second.toString());
        assertEquals(QUESTION, clusterOf(shop, QUESTION).get("answeredNowBy").get("question").asText(),
                "the list and the assistant agree");

        JsonNode person = ask(shop, "Quiero hablar con una persona: ¿hacen envíos a México?");
        assertTrue(faqAnswers(person).isEmpty(), "a request for a person is never answered offline in another language: " + person);
        assertEquals("escalated", person.get("conversation").get("status").asText());

        JsonNode refunds = ask(shop, "¿Cuánto tardan los reembolsos en llegar a mi tarjeta?");
        assertTrue(faqAnswers(refunds).isEmpty(), "the Spanish item does not open the English ones to Spanish questions: " + refunds);
        assertEquals("escalated", refunds.get("conversation").get("status").asText());

        // a preview replays the same rule: without the Spanish item, the Spanish question goes to a person again
        String spanish = answers.get(0).get("citedFaqIds").get(0).asText();
        JsonNode replay = replay(shop, Map.of("faq", Map.of("delete", List.of(spanish))));
        JsonNode change = null;
        for (JsonNode c : replay.get("changes")) {
            if (c.get("messageId").asText().equals(second.get("messages").get(0).get("id").asText())) {
                change = c;
            }
        }
        assertTrue(change != null, "the answered question changes: " + replay);
        assertEquals("answered", change.get("before").get("outcome").asText(), "before is what the assistant did: " + change);
        assertEquals(spanish, change.get("before").get("faqItemId").asText());
        assertEquals("escalated", change.get("after").get("outcome").asText(), change.toString());
    }

    private static JsonNode replay(Api.Store shop, Object change) {
        Api.Res started = API.admin("POST", "/api/stores/" + shop.id() + "/assistant/replays", change);
        assertEquals(202, started.status(), started.raw());
        String path = "/api/stores/" + shop.id() + "/assistant/replays/" + started.body().get("id").asText();
        JsonNode done = Api.await(() -> API.admin("GET", path, null).body(), r -> !"running".equals(r.get("status").asText()),
                java.time.Duration.ofSeconds(60));
        assertEquals("done", done.get("status").asText(), done.toString());
        return done;
    }

    private static JsonNode ask(Api.Store shop, String text) {
        Api.Visitor v = API.startConversation(shop.widgetKey(), null, null);
        API.say(v, text);
        return API.settled(shop.id(), v.conversationId());
    }

    private static List<JsonNode> faqAnswers(JsonNode conversation) {
        List<JsonNode> out = new ArrayList<>();
        conversation.get("messages").forEach(m -> {
            if (m.get("author").asText().equals("assistant") && "faq".equals(m.get("source").asText(null))) {
                out.add(m);
            }
        });
        return out;
    }

    private static JsonNode clusterOf(Api.Store shop, String question) {
        for (JsonNode c : API.admin("GET", "/api/stores/" + shop.id() + "/assistant/unanswered-clusters", null).body().get("clusters")) {
            if (c.get("suggestedQuestion").asText().equals(question)) {
                return c;
            }
        }
        throw new AssertionError("no unanswered group for " + question);
    }
}
