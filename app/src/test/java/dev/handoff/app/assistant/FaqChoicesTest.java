package dev.handoff.app.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Did you mean …?": two close items are offered instead of silence, the shopper's choice is answered and
 * suggested as a phrasing (learned when a shopper on another network makes the same choice, or the merchant
 * accepts it); an agent adds a shopper's question to an item and it is answered at once.
 * In a store of its own, with an FAQ written the way merchants write it (one question per item).
 */
class FaqChoicesTest {

    private static Api api;
    private static String store;
    private static String widgetKey;
    private static String delivery;
    private static String billing;
    private static String giftCards;

    @BeforeAll
    static void start() {
        api = TestApp.api();
        Shop shop = Shop.open();
        store = shop.id();
        widgetKey = shop.widgetKey();
        delivery = shop.delivery();
        billing = shop.billing();
        giftCards = shop.giftCards();
    }

    /** A store of its own with three items, two of them close (delivery and billing address). */
    private record Shop(String id, String widgetKey, String delivery, String billing, String giftCards) {
        static Shop open() {
            String id = api.createStore("Choices " + System.nanoTime()).id();
            api.importFaq(id, List.of(
                    Map.of("question", "How do I change my delivery address?", "answer", "Write to us before the order ships and we update the delivery address."),
                    Map.of("question", "How do I change my billing address?", "answer", "Update the billing address under Account, then Payment."),
                    Map.of("question", "Do you sell gift cards?", "answer", "Yes, gift cards from 10 to 200 euros.")));
            Map<String, String> ids = new java.util.HashMap<>();
            api.admin("GET", "/api/stores/" + id + "/faq/items", null).body().forEach(item -> ids.put(item.get("question").asText(), item.get("id").asText()));
            return new Shop(id, api.widgetKey(id), ids.get("How do I change my delivery address?"), ids.get("How do I change my billing address?"),
                    ids.get("Do you sell gift cards?"));
        }

        List<String> alternatesOf(String itemId) {
            return alternates(api.admin("GET", "/api/stores/" + id + "/faq/items/" + itemId, null).body());
        }

        JsonNode decide(String question) {
            return api.admin("GET", "/api/stores/" + id + "/assistant/faq-decision?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8), null).body();
        }

        /** Asks {@code question} from {@code v}, expects "Did you mean …?" offering {@code itemId}, and picks it by its number. */
        void choose(Api.Visitor v, String question, String itemId) {
            api.say(v, question);
            JsonNode ask = assistantReplies(api.settled(id, v.conversationId())).get(0);
            assertEquals("clarify", ask.get("source").asText(), question + " → " + ask);
            int at = 0;
            while (!ask.get("citedFaqIds").get(at).asText().equals(itemId)) {
                at++;
            }
            api.say(v, String.valueOf(at + 1));
            JsonNode answer = assistantReplies(api.settled(id, v.conversationId())).get(1);
            assertEquals(itemId, answer.get("citedFaqIds").get(0).asText(), "the choice is answered at once: " + answer);
        }

        List<JsonNode> suggestions() {
            List<JsonNode> out = new ArrayList<>();
            api.admin("GET", "/api/stores/" + id + "/faq/suggested-phrasings", null).body().forEach(out::add);
            return out;
        }

        JsonNode suggestion(String text) {
            return suggestions().stream().filter(x -> x.get("text").asText().equals(text)).findFirst().orElse(null);
        }
    }

    private static List<JsonNode> assistantReplies(JsonNode conversation) {
        List<JsonNode> out = new ArrayList<>();
        conversation.get("messages").forEach(m -> {
            if (m.get("author").asText().equals("assistant")) {
                out.add(m);
            }
        });
        return out;
    }

    @Test
    void twoCloseItemsAreOfferedTheChoiceIsAnsweredAndRememberedAsAPhrasing() {
        Api.Visitor v = api.startConversation(widgetKey, null, null);
        api.say(v, "how can I change my address");
        List<JsonNode> replies = assistantReplies(api.settled(store, v.conversationId()));
        assertEquals(1, replies.size());
        JsonNode ask = replies.get(0);
        assertEquals("clarify", ask.get("source").asText(), ask.toString());
        assertTrue(ask.get("text").asText().startsWith(AssistantTurn.CLARIFY_LEAD), ask.toString());
        assertTrue(ask.get("text").asText().contains("\n" + AssistantTurn.CLARIFY_BULLET + "How do I change my billing address?"), ask.toString());
        List<String> offered = new ArrayList<>();
        ask.get("citedFaqIds").forEach(id -> offered.add(id.asText()));
        assertEquals(java.util.Set.of(delivery, billing), java.util.Set.copyOf(offered));

        api.say(v, "How do I change my delivery address?");
        JsonNode c = api.settled(store, v.conversationId());
        replies = assistantReplies(c);
        assertEquals(2, replies.size(), c.toString());
        assertEquals("faq", replies.get(1).get("source").asText(), c.toString());
        assertEquals(delivery, replies.get(1).get("citedFaqIds").get(0).asText());
        assertEquals("pending", c.get("conversation").get("status").asText(), "a clarified question is not unanswered");

        JsonNode item = api.admin("GET", "/api/stores/" + store + "/faq/items/" + delivery, null).body();
        assertEquals(List.of(), alternates(item), "one shopper's choice does not change what the assistant answers for everyone");
        JsonNode suggested = api.admin("GET", "/api/stores/" + store + "/faq/suggested-phrasings", null).body().get(0);
        assertEquals("how can I change my address", suggested.get("text").asText(), "the shopper's words wait as a suggested phrasing of the item they chose");
        assertEquals(delivery, suggested.get("itemId").asText());
        assertEquals("How do I change my delivery address?", suggested.get("itemQuestion").asText());
        assertEquals(v.conversationId(), suggested.get("conversationId").asText());
    }

    /**
     * A hostile visitor cannot teach the FAQ alone: the same choice again from their network, in a new conversation,
     * changes nothing; the same question chosen the same way by a shopper on another network makes it a phrasing.
     */
    @Test
    void aSuggestedPhrasingIsLearnedOnlyWhenAShopperOnAnotherNetworkMakesTheSameChoice() {
        Shop shop = Shop.open();
        String question = "how can I change my address";
        shop.choose(api.startConversationFrom(shop.widgetKey(), "203.0.113.7"), question, shop.delivery());
        shop.choose(api.startConversationFrom(shop.widgetKey(), "203.0.113.7"), question, shop.delivery());
        shop.choose(api.startConversationFrom(shop.widgetKey(), "203.0.113.99"), question, shop.delivery());
        assertEquals(1, shop.suggestions().size(), "the same network's (/24) further votes are not another suggestion: " + shop.suggestions());
        assertEquals(List.of(), shop.alternatesOf(shop.delivery()));
        assertEquals("clarify", shop.decide(question).get("outcome").asText());

        // another shopper, elsewhere, the same question in their own words (within the "same question" similarity)
        shop.choose(api.startConversationFrom(shop.widgetKey(), "198.51.100.9"), "How can I change the address?", shop.delivery());
        assertEquals(List.of(question), shop.alternatesOf(shop.delivery()),
                "two shoppers on two networks chose the item for this question: the first one's words are a phrasing now");
        assertEquals(List.of(), shop.suggestions(), "a learned suggestion leaves the list, with the vote that confirmed it");
        JsonNode after = shop.decide(question);
        assertEquals("answer", after.get("outcome").asText(), after.toString());
        assertEquals(shop.delivery(), after.get("ranked").get(0).get("itemId").asText());
    }

    /** The merchant accepts one suggestion (answerable at once) and dismisses another; unknown ones are 404 problems. */
    @Test
    void theMerchantAcceptsOrDismissesASuggestedPhrasing() {
        Shop shop = Shop.open();
        String kept = "how can I change my address";
        String dropped = "how can I change my address?";
        shop.choose(api.startConversationFrom(shop.widgetKey(), "192.0.2.10"), kept, shop.delivery());
        shop.choose(api.startConversationFrom(shop.widgetKey(), "192.0.2.10"), dropped, shop.billing());
        assertEquals(2, shop.suggestions().size(), shop.suggestions().toString());
        String base = "/api/stores/" + shop.id() + "/faq/suggested-phrasings/";

        Api.Res accepted = api.admin("POST", base + shop.suggestion(kept).get("id").asText() + "/accept", null);
        assertEquals(200, accepted.status(), accepted.raw());
        assertEquals(List.of(kept), alternates(accepted.body()));
        JsonNode decision = shop.decide(kept);
        assertEquals("answer", decision.get("outcome").asText(), "answerable when the call returns: " + decision);
        assertEquals(shop.delivery(), decision.get("ranked").get(0).get("itemId").asText());

        assertEquals(204, api.admin("DELETE", base + shop.suggestion(dropped).get("id").asText(), null).status());
        assertEquals(List.of(), shop.suggestions());
        assertEquals(List.of(), shop.alternatesOf(shop.billing()));

        Api.Res unknown = api.admin("POST", base + java.util.UUID.randomUUID() + "/accept", null);
        assertEquals(404, unknown.status());
        assertTrue(unknown.contentType().startsWith("application/problem+json"), unknown.raw());
        assertEquals(404, api.admin("DELETE", base + java.util.UUID.randomUUID(), null).status());
    }

    /** A shopper's erasure request takes the phrasings their questions suggested with it. */
    @Test
    void anErasedShoppersSuggestionsGo() {
        Shop shop = Shop.open();
        String email = "erase-" + System.nanoTime() + "@example.com";
        shop.choose(api.startConversation(shop.widgetKey(), "Robin", email), "how can I change my address", shop.delivery());
        assertEquals(1, shop.suggestions().size());
        api.app().context().getBean(dev.handoff.app.conversation.ContactErasure.class).redactContact(java.util.UUID.fromString(shop.id()), email);
        assertEquals(List.of(), shop.suggestions());
    }

    @Test
    void anAgentAddsAShoppersQuestionToAnItemAndItIsAnsweredAtOnce() {
        String question = "my aunt gave me a voucher for my birthday, how do I spend it on your site";
        JsonNode before = api.admin("GET", "/api/stores/" + store + "/assistant/faq-decision?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8), null).body();
        assertTrue(!before.get("outcome").asText().equals("answer"), "not answered before: " + before);

        Api.Res added = api.admin("POST", "/api/stores/" + store + "/faq/items/" + giftCards + "/phrasings", Map.of("text", question));
        JsonNode after = api.admin("GET", "/api/stores/" + store + "/assistant/faq-decision?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8), null).body();
        assertEquals(200, added.status(), added.raw());
        assertTrue(alternates(added.body()).contains(question));
        assertEquals("answer", after.get("outcome").asText(), "answerable as soon as the call returns: " + after);
        assertEquals(giftCards, after.get("ranked").get(0).get("itemId").asText());

        Api.Visitor v = api.startConversation(widgetKey, null, null);
        api.say(v, question);
        JsonNode reply = assistantReplies(api.settled(store, v.conversationId())).get(0);
        assertEquals(giftCards, reply.get("citedFaqIds").get(0).asText());

        assertEquals(200, api.admin("POST", "/api/stores/" + store + "/faq/items/" + giftCards + "/phrasings", Map.of("text", question.toUpperCase()))
                .status(), "the same words again change nothing");
        assertEquals(1, alternates(api.admin("GET", "/api/stores/" + store + "/faq/items/" + giftCards, null).body()).size());
        Api.Res blank = api.admin("POST", "/api/stores/" + store + "/faq/items/" + giftCards + "/phrasings", Map.of("text", " "));
        assertEquals(400, blank.status());
        assertTrue(blank.contentType().startsWith("application/problem+json") && blank.body().get("detail").asText().contains("Phrasing"), blank.raw());
        assertEquals(404, api.admin("POST", "/api/stores/" + store + "/faq/items/" + java.util.UUID.randomUUID() + "/phrasings",
                Map.of("text", "anything")).status());
    }

    /**
     * Hubness ({@code FaqHubness}): an item is discounted by how close the store's other items sit to it, and that
     * follows the FAQ as it changes: a new item next to it lowers its score for the same message from the moment the
     * call that added it returns (the store's cached values are forgotten on the change).
     */
    @Test
    void anItemIsDiscountedAsSoonAsACloseItemIsAdded() {
        String own = api.createStore("Hubness " + System.nanoTime()).id();
        // eleven items: each has the ten neighbours the correction averages over, so it applies in full
        api.importFaq(own, List.of(
                Map.of("question", "Do you ship to Canada?", "answer", "Yes, we ship to Canada in 5 to 8 days."),
                Map.of("question", "Do you sell gift cards?", "answer", "Yes, gift cards from 10 to 200 euros."),
                Map.of("question", "What is your return policy?", "answer", "Return anything within 30 days for a refund."),
                Map.of("question", "How long does delivery take?", "answer", "Two to four working days in the EU."),
                Map.of("question", "Which payment methods do you accept?", "answer", "Cards, PayPal and bank transfer."),
                Map.of("question", "Can I change or cancel my order?", "answer", "Yes, until it ships: write to us."),
                Map.of("question", "Do you have a shop I can visit?", "answer", "Our showroom is at 4 Mill Street, open Saturdays."),
                Map.of("question", "How do I find my size?", "answer", "Each product page has a size guide."),
                Map.of("question", "Are your products vegan?", "answer", "Most are; each page says so."),
                Map.of("question", "Do you offer gift wrapping?", "answer", "Yes, for 3 euros at checkout."),
                Map.of("question", "How do I track my parcel?", "answer", "The dispatch email has a tracking link.")));
        String q = "/api/stores/" + own + "/assistant/faq-decision?q=" + URLEncoder.encode("can you deliver to Canada", StandardCharsets.UTF_8);
        JsonNode before = api.admin("GET", q, null).body().get("ranked").get(0);
        assertTrue(before.get("question").asText().contains("Canada"), before.toString());

        assertEquals(201, api.admin("POST", "/api/stores/" + own + "/faq/items", Map.of("question", "Do you ship to the United States?",
                "answer", "Yes, we ship to the United States in 4 to 6 days.")).status());
        JsonNode after = null;
        for (JsonNode r : api.admin("GET", q, null).body().get("ranked")) {
            if (r.get("itemId").asText().equals(before.get("itemId").asText())) {
                after = r;
            }
        }
        assertTrue(after != null, "still a candidate");
        assertEquals(before.get("phrasingSimilarity").asDouble(), after.get("phrasingSimilarity").asDouble(), 1e-9, "the same similarities");
        assertEquals(before.get("answerSimilarity").asDouble(), after.get("answerSimilarity").asDouble(), 1e-9);
        double bonus = dev.handoff.app.assistant.faq.FaqGateSettings.calibrated(
                dev.handoff.app.search.EmbeddingService.Spec.DEFAULT).keywordBonus();
        double beforeScore = before.get("score").asDouble() - (before.get("keywordRank").asInt() == 1 ? bonus : 0);
        double afterScore = after.get("score").asDouble() - (after.get("keywordRank").asInt() == 1 ? bonus : 0);
        // the similarities and keyword bonus are the same, so the whole drop is the hubness correction's
        assertTrue(afterScore < beforeScore - 0.005, "a close neighbour lowers its score: " + beforeScore + " → " + afterScore);
    }

    private static List<String> alternates(JsonNode item) {
        List<String> out = new ArrayList<>();
        item.get("alternateQuestions").forEach(a -> out.add(a.asText()));
        return out;
    }
}
