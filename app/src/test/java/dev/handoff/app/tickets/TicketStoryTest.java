package dev.handoff.app.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ticket says what happened: the problem decides category and reason (even when the shopper also asks
 * for a person), the assistant asks once for the order number and a photo and files the answers on the
 * ticket, the summary names the problem, the order and the photo, and the inbox row and the ticket show
 * the same sentiment class.
 */
class TicketStoryTest {

    private static Api api;
    private static String store;

    @BeforeAll
    static void start() {
        api = TestApp.api();
        store = api.storeId("demo");
    }

    private JsonNode ticket(Api.Visitor v) {
        return ticket(store, v);
    }

    /** @return the visitor's conversation's ticket in that store, once there is one */
    private JsonNode ticket(String storeId, Api.Visitor v) {
        return Api.await(() -> api.admin("GET", "/api/stores/" + storeId + "/tickets/of-conversation/" + v.conversationId(), null).body(),
                t -> t.isArray() && t.size() > 0).get(0);
    }

    private static long assistantMessages(JsonNode thread) {
        long n = 0;
        for (JsonNode m : thread) {
            n += m.get("author").asText().equals("assistant") ? 1 : 0;
        }
        return n;
    }

    @Test
    void aDamagedPackageBecomesADamagedItemTicketWithTheOrderAndThePhotoFiledOnIt() {
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "My package arrived damaged, I want to talk to a person");
        JsonNode settled = api.settled(store, v.conversationId());
        JsonNode t = ticket(v);
        assertEquals("damaged_item", t.get("escalationReason").asText(), t.toString());
        assertEquals("damaged_or_defective", t.get("category").asText());
        JsonNode notice = Api.await(() -> api.thread(v), th -> assistantMessages(th) == 1);
        String asked = notice.get(notice.size() - 1).get("text").asText();
        assertTrue(asked.contains("order number") && asked.contains("photo"), asked);
        assertEquals(t.get("sentiment").asText(), settled.get("conversation").get("sentiment").asText(),
                "the inbox row and the ticket show the same sentiment");

        api.say(v, "It's order 1034");
        JsonNode withOrder = Api.await(() -> ticket(v), x -> "#1034".equals(x.get("orderNumber").asText()));
        String summary = withOrder.get("summary").asText();
        assertTrue(summary.contains("damaged item") && summary.contains("#1034") && !summary.contains("##"), summary);
        JsonNode acked = Api.await(() -> api.thread(v), th -> assistantMessages(th) == 2);
        assertTrue(acked.get(acked.size() - 1).get("text").asText().contains("order #1034"), acked.toString());

        Api.Res photo = api.upload("/api/widget/conversations/" + v.conversationId() + "/attachments", "box.png", "image/png", Api.PNG,
                Map.of("caption", "the box"), "X-Visitor-Token", v.token());
        assertEquals(201, photo.status(), photo.raw());
        JsonNode withPhoto = Api.await(() -> ticket(v), x -> x.get("summary").asText().contains("1 photo"));
        assertTrue(withPhoto.get("summary").asText().contains("#1034"), withPhoto.toString());
        Api.await(() -> api.thread(v), th -> assistantMessages(th) == 3);

        api.say(v, "Any news?");
        api.settled(store, v.conversationId());
        assertEquals(3, assistantMessages(api.thread(v)), "asked once: no more questions or acknowledgements");
        api.say(v, "I want to talk to a real person now");
        api.settled(store, v.conversationId());
        JsonNode still = ticket(v);
        assertEquals("damaged_item", still.get("escalationReason").asText());
        assertTrue(still.get("summary").asText().contains("damaged item"), "a request for a person keeps the problem: " + still);
    }

    @Test
    void theTicketFollowsTheConversationAndTellsWhatTheAssistantAnsweredBefore() {
        Api.Store shop = api.createStore("Story Shop");
        api.importFaq(shop.id(), List.of(Map.of("question", "Do you ship to the UK?", "answer", "Yes, we ship to the UK in 3 to 5 business days.")));
        Api.Visitor v = chat(shop, "Do you ship to the UK?", "I want to talk to a person");
        JsonNode opened = ticket(shop.id(), v);
        assertEquals("general", opened.get("category").asText(), opened.toString());
        assertEquals("new", opened.get("status").asText());
        assertTrue(opened.get("summary").asText().contains("Before this, the assistant answered from the FAQ item \"Do you ship to the UK?\"."),
                opened.get("summary").asText());
        assertEquals(opened.get("sentiment").asText(), api.conversation(shop.id(), v.conversationId()).get("conversation").get("sentiment").asText(),
                "the ticket shows the conversation's class");

        api.say(v, "Also the mug arrived broken");
        JsonNode named = Api.await(() -> ticket(shop.id(), v), t -> !t.get("category").asText().equals("general"));
        assertEquals("damaged_or_defective", named.get("category").asText(), "the problem's category once the shopper names it");
        assertEquals(opened.get("number").asInt(), named.get("number").asInt(), "the same ticket");

        int number = named.get("number").asInt();
        String ticketPath = "/api/stores/" + shop.id() + "/tickets/" + number;
        api.admin("POST", "/api/stores/" + shop.id() + "/conversations/" + v.conversationId() + "/messages",
                Map.of("text", "So sorry! A new mug is on its way."));
        JsonNode replied = api.admin("GET", ticketPath, null).body();
        assertEquals("open", replied.get("ticket").get("status").asText(), "an agent's reply takes a new ticket to open");
        assertTrue(hasEvent(replied, "status", "new", "open", true), replied.get("history").toString());
        assertTrue(hasEvent(replied, "category", "general", "damaged_or_defective", false), replied.get("history").toString());

        // resolving the conversation resolves its ticket: nothing stays open in the ticket list for a finished conversation
        api.admin("POST", "/api/stores/" + shop.id() + "/conversations/" + v.conversationId() + "/resolve", null);
        JsonNode resolved = api.admin("GET", ticketPath, null).body();
        assertEquals("resolved", resolved.get("ticket").get("status").asText(), resolved.toString());
        assertTrue(hasEvent(resolved, "status", "open", "resolved", false), resolved.get("history").toString());

        // the shopper writes again to the agent who has the conversation: the assistant stays silent, so the ticket is
        // back on the agent's list (a requester's reply reopens a solved ticket)
        api.say(v, "One more question: do you also sell the matching plates?");
        JsonNode reopened = Api.await(() -> api.admin("GET", ticketPath, null).body(), t -> !"resolved".equals(t.get("ticket").get("status").asText()));
        assertEquals("open", reopened.get("ticket").get("status").asText(), reopened.toString());
        assertTrue(hasEvent(reopened, "status", "resolved", "open", false), reopened.get("history").toString());
        assertEquals(1, api.admin("GET", "/api/stores/" + shop.id() + "/tickets/of-conversation/" + v.conversationId(), null).body().size(),
                "the same ticket, not a second one");
    }

    @Test
    void theSummaryCallsTheShopperFrustratedOnlyWhenTheTicketShowsItSo() {
        Api.Store shop = api.createStore("Mood Shop");
        api.importFaq(shop.id(), List.of(Map.of("question", "What is your return policy?", "answer", "Unworn items within 30 days.")));
        Api.Visitor v = chat(shop, "can I send back a jumper I don't like? how many days do I have",
                "My package arrived damaged, I want to talk to a person");
        JsonNode conversation = api.settled(shop.id(), v.conversationId());
        JsonNode t = ticket(shop.id(), v);
        // the case this test is about: the message reads negative, the conversation as a whole does not
        JsonNode messages = conversation.get("messages");
        String said = null;
        for (JsonNode m : messages) {
            if (m.get("text").asText().startsWith("My package arrived damaged")) {
                said = m.get("sentiment").asText();
            }
        }
        assertEquals("negative", said, "the escalating message's class: " + messages);
        assertEquals("neutral", conversation.get("conversation").get("sentiment").asText(), "the conversation's class: " + conversation);
        assertEquals("neutral", t.get("sentiment").asText(), "the ticket shows the inbox row's class");
        assertFalse(t.get("summary").asText().contains("frustrated"), "the summary's mood is the class the ticket shows: " + t);
    }

    /** @return a new shopper of the store who sent these messages, each after the turn before it settled */
    private Api.Visitor chat(Api.Store shop, String... messages) {
        Api.Visitor v = api.startConversation(shop.widgetKey(), null, null);
        for (String m : messages) {
            api.say(v, m);
            api.settled(shop.id(), v.conversationId());
        }
        return v;
    }

    /** @return whether the ticket's history holds this change, by an agent or by no one */
    private static boolean hasEvent(JsonNode detail, String field, String before, String after, boolean byAgent) {
        for (JsonNode e : detail.get("history")) {
            if (e.get("field").asText().equals(field) && java.util.Objects.equals(before, e.get("oldValue").asText(null))
                    && after.equals(e.get("newValue").asText()) && byAgent == !e.get("agentId").isNull()) {
                return true;
            }
        }
        return false;
    }
}
