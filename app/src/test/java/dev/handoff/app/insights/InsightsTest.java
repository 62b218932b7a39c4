package dev.handoff.app.insights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unanswered-question clusters, quality per FAQ item and model cost, over a store with known activity. */
class InsightsTest {

    private static final Api API = TestApp.api();
    private static String store;
    private static String key;
    private static String shippingItem;
    private static String returnsItem;

    @BeforeAll
    static void store() {
        Api.Store s = API.createStore("Insights");
        store = s.id();
        key = s.widgetKey();
        API.importFaq(store, List.of(
                Map.of("category", "Shipping", "question", "Do you ship to the UK?", "answer", "Yes, we ship to the UK in 3 to 5 business days."),
                Map.of("category", "Returns", "question", "What is your return policy?", "answer", "Return any item within 30 days for a full refund.")));
        for (JsonNode item : API.admin("GET", "/api/stores/" + store + "/faq/items", null).body()) {
            if (item.get("question").asText().contains("UK")) {
                shippingItem = item.get("id").asText();
            } else {
                returnsItem = item.get("id").asText();
            }
        }
    }

    private static Api.Visitor ask(String text) {
        Api.Visitor v = API.startConversation(key, null, null);
        API.say(v, text);
        API.settled(store, v.conversationId());
        return v;
    }

    private static String path(String tail) {
        return "/api/stores/" + store + tail;
    }

    @Test
    void unansweredQuestionsAreGroupedByMeaningLargestFirstWithTheNearestItems() {
        List<String> giftCards = new ArrayList<>();
        for (String q : List.of("do you sell gift cards?", "can I buy a gift card?", "Do you have gift cards for sale?")) {
            giftCards.add(ask(q).conversationId());
        }
        ask("is there a student discount?");
        // a question the assistant escalated and a person answered
        Api.Visitor person = ask("I want to talk to a person: do you price match other stores?");
        API.admin("POST", path("/conversations/" + person.conversationId() + "/messages"), Map.of("text", "Yes, we match any lower price."));

        JsonNode r = API.admin("GET", path("/assistant/unanswered-clusters"), null).body();
        JsonNode clusters = r.get("clusters");
        assertTrue(clusters.size() >= 3, r.toString());
        JsonNode top = clusters.get(0);
        assertEquals(3, top.get("size").asInt(), "the three gift-card questions are one cluster: " + r);
        assertEquals(3, top.get("messageIds").size());
        assertTrue(top.get("suggestedQuestion").asText().toLowerCase().contains("gift card"), top.toString());
        assertTrue(top.get("examples").size() == 3, top.toString());
        assertEquals(0, top.get("personAnswered").asInt());
        assertTrue(top.get("draftAnswer").isNull(), "no model: no drafted answer");
        assertTrue(top.get("answeredNowBy").isNull(), "the FAQ still has no gift-card item");
        JsonNode near = top.get("nearestFaqItems");
        assertTrue(near.size() >= 1 && near.get(0).get("similarity").asDouble() < 0.7, "the FAQ has no gift-card item: " + near);
        boolean priceMatch = false;
        for (JsonNode c : clusters) {
            if (c.get("suggestedQuestion").asText().contains("price match")) {
                priceMatch = c.get("personAnswered").asInt() == 1;
            }
            assertTrue(c.get("size").asInt() <= top.get("size").asInt(), "largest first");
        }
        assertTrue(priceMatch, "the question a person answered is in a cluster, marked as answered by a person: " + r);
        assertEquals(400, API.admin("GET", path("/assistant/unanswered-clusters?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), null).status());
        assertEquals(401, API.send("GET", path("/assistant/unanswered-clusters"), null, "Authorization", "Bearer nope").status());
    }

    @Test
    void qualityPerItemCountsPersonRepliesReopeningsAndBadRatingsAndListsItemsToReview() {
        // right: answered, resolved, rated up
        Api.Visitor right = ask("do you ship to the UK?");
        API.admin("POST", path("/conversations/" + right.conversationId() + "/resolve"), null);
        API.send("POST", "/api/widget/conversations/" + right.conversationId() + "/rating", Api.json(Map.of("rating", "up")), "X-Visitor-Token", right.token());
        // corrected by a person
        Api.Visitor corrected = ask("do you ship to the UK?");
        API.admin("POST", path("/conversations/" + corrected.conversationId() + "/messages"),
                Map.of("text", "Correction: UK deliveries are paused this month."));
        // rated down
        Api.Visitor down = ask("what is your return policy?");
        API.admin("POST", path("/conversations/" + down.conversationId() + "/resolve"), null);
        API.send("POST", "/api/widget/conversations/" + down.conversationId() + "/rating", Api.json(Map.of("rating", "down", "comment", "useless")),
                "X-Visitor-Token", down.token());
        // reopened: resolved, then the shopper writes again
        Api.Visitor reopened = ask("what is your return policy?");
        API.admin("POST", path("/conversations/" + reopened.conversationId() + "/resolve"), null);
        API.say(reopened, "hello?");
        API.settled(store, reopened.conversationId());

        JsonNode q = API.admin("GET", path("/assistant/faq-quality"), null).body();
        JsonNode shipping = find(q.get("items"), shippingItem);
        JsonNode returns = find(q.get("items"), returnsItem);
        assertEquals(2, shipping.get("answers").asInt(), q.toString());
        assertEquals(1, shipping.get("followedByPerson").asInt());
        assertEquals(0, shipping.get("ratedDown").asInt());
        assertEquals(1, shipping.get("right").asInt());
        assertEquals(2, returns.get("answers").asInt(), q.toString());
        assertEquals(1, returns.get("ratedDown").asInt());
        assertEquals(2, returns.get("reopened").asInt(), "the thumbs-down reopens its conversation too (escalateOnBadRating)");
        assertEquals(0, returns.get("right").asInt());
        JsonNode review = q.get("review");
        assertEquals(2, review.size(), review.toString());
        JsonNode returnsReview = find(review, returnsItem);
        assertEquals("rated_down", returnsReview.get("cases").get(0).get("reason").asText());
        assertEquals(down.conversationId(), returnsReview.get("cases").get(0).get("conversationId").asText());
        JsonNode shippingReview = find(review, shippingItem);
        assertEquals("person_corrected", shippingReview.get("cases").get(0).get("reason").asText());
        assertEquals(corrected.conversationId(), shippingReview.get("cases").get(0).get("conversationId").asText());
    }

    @Test
    void costIsZeroOfflineAndShownBesideHostedHelpdesksPrices() {
        ask("hello");
        JsonNode c = API.admin("GET", path("/assistant/cost"), null).body();
        assertEquals(false, c.get("modelConfigured").asBoolean());
        assertEquals(0, c.get("inputTokens").asLong() + c.get("outputTokens").asLong());
        assertEquals(0.0, c.get("cost").asDouble());
        assertTrue(c.get("conversations").asLong() >= 1, c.toString());
        assertEquals(0.0, c.get("costPerConversation").asDouble(), c.toString());
        assertEquals(4, c.get("anchors").size());
        assertEquals(0.90, c.get("anchors").get(0).get("perResolution").asDouble(), 1e-9);
        assertEquals(2.00, c.get("anchors").get(3).get("perResolution").asDouble(), 1e-9);
    }

    private static JsonNode find(JsonNode rows, String itemId) {
        for (JsonNode r : rows) {
            if (r.get("itemId").asText().equals(itemId)) {
                return r;
            }
        }
        throw new AssertionError(itemId + " not in " + rows);
    }
}
