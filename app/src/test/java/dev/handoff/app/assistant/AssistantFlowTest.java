package dev.handoff.app.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A shopper's widget message gets an order status, a grounded FAQ answer, silence, or a ticket: end to end over HTTP. */
class AssistantFlowTest {

    private static Api api;
    private static String store;

    @BeforeAll
    static void start() {
        api = TestApp.api();
        store = api.storeId("demo");
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

    /** @return the assistant's first reply to a new conversation of {@code email} that says {@code text} */
    private static String firstReply(String email, String text) {
        Api.Visitor v = api.startConversation("demo", null, email);
        api.say(v, text);
        return assistantReplies(api.settled(store, v.conversationId())).get(0).get("text").asText();
    }

    private static JsonNode ticketOf(String conversationId) {
        for (JsonNode t : api.admin("GET", "/api/stores/" + store + "/tickets", null).body()) {
            if (t.get("conversationId").asText().equals(conversationId)) {
                return t;
            }
        }
        return null;
    }

    @Test
    void orderStatusWithTrackingForTheOrdersOwnerAndPushedOverWebSocket() throws Exception {
        Api.Visitor v = api.startConversation("demo", "David", "david.okafor@example.com");
        List<String> pushed = new CopyOnWriteArrayList<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(api.base().replace("http", "ws") + "/ws/widget/conversations/" + v.conversationId() + "?token=" + v.token()),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                pushed.add(data.toString());
                                webSocket.request(1);
                                return CompletableFuture.completedFuture(null);
                            }
                        }).get(5, TimeUnit.SECONDS);
        Api.await(() -> pushed.size(), n -> n >= 1);
        assertEquals("{\"type\":\"ready\"}", pushed.remove(0));
        assertEquals(201, api.say(v, "Hi, where's my package? It's order 1034").status());
        JsonNode c = api.settled(store, v.conversationId());
        JsonNode reply = assistantReplies(c).get(0);
        assertEquals("order_status", reply.get("source").asText());
        String text = reply.get("text").asText();
        assertTrue(text.contains("#1034"), text);
        assertTrue(text.contains("Shipped (in transit)"), text);
        assertTrue(text.contains("Payment: Paid"), text);
        assertTrue(text.contains("https://www.ups.com/track?tracknum=1Z999AA1"), text);
        assertTrue(text.contains("Total: "), text);
        Api.await(() -> pushed.size(), n -> n >= 2);
        assertTrue(pushed.get(0).contains("\"author\":\"customer\""), pushed.get(0));
        assertTrue(pushed.get(1).contains("\"source\":\"order_status\""), pushed.get(1));
        assertFalse(pushed.get(1).contains("sentiment"), "shopper events carry no internal fields");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    void unshippedOrderSaysThereIsNoTrackingYet() {
        String text = firstReply("liam.walsh@example.com", "when will order #1042 arrive?");
        assertTrue(text.contains("no tracking number yet"), text);
        assertTrue(text.contains("Not shipped yet"), text);
        assertTrue(text.contains("longer than it should"), "#1042 is delayed: " + text);
    }

    @Test
    void strangersGetTheStatusOnlyUntilTheyGiveTheOrdersEmail() {
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "track my order please");
        JsonNode c = api.settled(store, v.conversationId());
        assertTrue(assistantReplies(c).get(0).get("text").asText().contains("order number"));

        api.say(v, "it's 1034");
        c = api.settled(store, v.conversationId());
        String statusOnly = assistantReplies(c).get(1).get("text").asText();
        assertTrue(statusOnly.contains("#1034") && statusOnly.contains("email"), statusOnly);
        assertFalse(statusOnly.contains("ups.com") || statusOnly.contains("Total"), "no details before the email matches: " + statusOnly);

        // the words inside an address are nobody's mood or request: "nowhere" is no parcel that went nowhere
        api.say(v, "me@nowhere.com");
        c = api.settled(store, v.conversationId());
        String mismatch = assistantReplies(c).get(2).get("text").asText();
        assertTrue(mismatch.contains("doesn't match order #1034"), mismatch);
        assertFalse(mismatch.contains("ups.com"), mismatch);
        assertEquals("pending", c.get("conversation").get("status").asText(), "no escalation: " + c);
        JsonNode given = c.get("messages").get(c.get("messages").size() - 2);
        assertEquals("me@nowhere.com", given.get("text").asText());
        assertFalse("negative".equals(given.get("sentiment").asText(null)), given.toString());

        for (int i = 0; i < 2; i++) { // the second time the email belongs to a known contact already
            Api.Visitor owner = api.startConversation("demo", null, null);
            api.say(owner, "where is order #1034? my email is David.Okafor@example.com");
            JsonNode c2 = api.settled(store, owner.conversationId());
            String details = assistantReplies(c2).get(0).get("text").asText();
            assertTrue(details.contains("ups.com"), details);
            assertEquals("david.okafor@example.com", c2.get("conversation").get("contact").get("email").asText().toLowerCase());
        }
    }

    @Test
    void unknownOrderNumberGetsAnHonestAnswer() {
        String text = firstReply("ana.lopez@example.com", "What's the status of order #99999?");
        assertTrue(text.contains("can't find an order #99999"), text);
        assertFalse(text.contains("Total"), text);
    }

    @Test
    void faqQuestionGetsTheGroundedAnswerWithItsCitation() {
        String itemId = null;
        for (JsonNode i : api.admin("GET", "/api/stores/" + store + "/faq/items", null).body()) {
            if (i.get("question").asText().equals("Do you ship internationally?")) {
                itemId = i.get("id").asText();
            }
        }
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "can you deliver to the UK?");
        JsonNode reply = assistantReplies(api.settled(store, v.conversationId())).get(0);
        assertEquals("faq", reply.get("source").asText());
        assertEquals(itemId, reply.get("citedFaqIds").get(0).asText());
        assertTrue(reply.get("text").asText().contains("40 countries"));
    }

    @Test
    void aQuestionAboutDeliveryTimesIsAnsweredFromTheFaqNotAsAnOrderLookup() {
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "information about the delivery period");
        JsonNode reply = assistantReplies(api.settled(store, v.conversationId())).get(0);
        // the shipping-times item answers, or is offered among close items ("Did you mean …?")
        assertTrue(reply.get("source").asText().equals("faq") && reply.get("text").asText().contains("business days")
                || reply.get("source").asText().equals("clarify") && reply.get("text").asText().contains("How long does shipping take?"),
                reply.toString());
        // a classifier-only reading with no FAQ answer is still an order lookup
        assertEquals("order_status", firstReplySource("hey, any news on when my stuff turns up? ordered ages ago"));
    }

    private static String firstReplySource(String text) {
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, text);
        return assistantReplies(api.settled(store, v.conversationId())).get(0).get("source").asText();
    }

    @Test
    void noGroundedAnswerMeansSilenceAndTwiceMeansATicket() {
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "what is the capital of peru");
        JsonNode c = api.settled(store, v.conversationId());
        assertTrue(assistantReplies(c).isEmpty(), "silent: " + c);
        assertEquals("pending", c.get("conversation").get("status").asText());

        api.say(v, "who won the world cup in 1998");
        c = api.settled(store, v.conversationId());
        assertEquals("escalated", c.get("conversation").get("status").asText());
        JsonNode ticket = ticketOf(v.conversationId());
        assertEquals("unanswered", ticket.get("escalationReason").asText());
        assertEquals("low", ticket.get("priority").asText());
    }

    @Test
    void aShoppersQuickMessagesAreTakenOneAtATime() {
        // two unanswerable messages sent back to back, in several conversations at once: the second turn of
        // each conversation sees what the first one stored (one unanswered already), never runs beside it
        List<Api.Visitor> visitors = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            visitors.add(api.startConversation("demo", null, null));
        }
        for (Api.Visitor v : visitors) {
            assertEquals(201, api.say(v, "what is the capital of peru").status());
            assertEquals(201, api.say(v, "who won the world cup in 1998").status());
        }
        for (Api.Visitor v : visitors) {
            JsonNode c = api.settled(store, v.conversationId());
            assertEquals("escalated", c.get("conversation").get("status").asText(), c.toString());
            assertEquals("unanswered", ticketOf(v.conversationId()).get("escalationReason").asText());
            assertEquals(1, assistantReplies(c).size(), "one handoff notice: " + c);
        }
    }

    @Test
    void angryDamagedItemBecomesAnUrgentTicketWithSummaryAndOrder() {
        Api.Visitor v = api.startConversation("demo", "Liam", "liam.walsh@example.com");
        api.say(v, "My order #1042 is taking forever. This is ridiculous!");
        api.settled(store, v.conversationId());
        api.say(v, "And the shirt I got last time arrived damaged. I'm furious, this is the worst service ever!");
        JsonNode c = api.settled(store, v.conversationId());
        assertEquals("escalated", c.get("conversation").get("status").asText());
        JsonNode ticket = ticketOf(v.conversationId());
        assertEquals("new", ticket.get("status").asText());
        assertEquals("urgent", ticket.get("priority").asText());
        assertEquals("damaged_item", ticket.get("escalationReason").asText());
        assertEquals("damaged_or_defective", ticket.get("category").asText());
        assertEquals("#1042", ticket.get("orderNumber").asText());
        assertEquals("negative", ticket.get("sentiment").asText());
        String summary = ticket.get("summary").asText();
        assertTrue(summary.startsWith("Customer reports a damaged item on order #1042: \"") && summary.contains("\". Order appears delayed.")
                && summary.contains("Customer is frustrated"), summary);
        List<JsonNode> replies = assistantReplies(c);
        assertTrue(replies.get(replies.size() - 1).get("text").asText().contains("A person will reply"));
        assertTrue(ticket.get("number").asInt() >= 1001);
        assertTrue(ticket.has("createdAt") && ticket.has("updatedAt"));
    }

    @Test
    void aMessageInAnotherLanguageIsNeverAnsweredFromAnEnglishItemAndIsHandedOverInItsLanguage() {
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "Hola, ¿hacéis envíos a Canadá? Quiero comprar un regalo para mi hermana.");
        JsonNode c = api.settled(store, v.conversationId());
        JsonNode message = c.get("messages").get(0);
        assertEquals("es", message.get("language").asText());
        List<JsonNode> replies = assistantReplies(c);
        assertEquals(1, replies.size(), c.toString());
        assertTrue(replies.get(0).get("citedFaqIds").isEmpty(), "no English FAQ answer: " + replies.get(0));
        assertTrue(replies.get(0).get("text").asText().startsWith("He pasado tu mensaje a nuestro equipo"), replies.get(0).toString());
        assertEquals("escalated", c.get("conversation").get("status").asText());
        assertEquals("other_language", ticketOf(v.conversationId()).get("escalationReason").asText());
    }

    @Test
    void askingForAPersonEscalatesOnceAndLaterSignalsUpdateTheSameTicket() {
        Api.Visitor v = api.startConversation("demo", null, "grace.kim@example.com");
        api.say(v, "Can I talk to a real person please?");
        JsonNode c = api.settled(store, v.conversationId());
        assertEquals("escalated", c.get("conversation").get("status").asText());
        JsonNode first = ticketOf(v.conversationId());
        assertEquals("human_requested", first.get("escalationReason").asText());
        boolean negative = c.get("messages").get(0).get("sentiment").asText().equals("negative");
        assertEquals(negative ? "high" : "medium", first.get("priority").asText(), "a person requested: medium, high when upset");
        int replies = assistantReplies(c).size();

        api.say(v, "I want a refund for order #1037, it never arrived and it's a scam");
        c = api.settled(store, v.conversationId());
        assertEquals(replies, assistantReplies(c).size(), "the assistant stays out of an escalated conversation");
        JsonNode updated = ticketOf(v.conversationId());
        assertEquals(first.get("number").asInt(), updated.get("number").asInt(), "one open ticket per conversation");
        assertTrue(List.of("high", "urgent").contains(updated.get("priority").asText()), updated.toString());
        assertEquals("#1037", updated.get("orderNumber").asText());
    }

    @Test
    void agentReplyReachesTheWidgetAndResolveReopenWork() {
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "hello");
        api.settled(store, v.conversationId());
        String path = "/api/stores/" + store + "/conversations/" + v.conversationId();
        Api.Res reply = api.admin("POST", path + "/messages", java.util.Map.of("text", "Hi, I'm Sam from the team. How can I help?"));
        assertEquals(201, reply.status());
        JsonNode thread = api.thread(v);
        JsonNode last = thread.get(thread.size() - 1);
        assertEquals("agent", last.get("author").asText());
        assertEquals(200, api.admin("POST", path + "/resolve", null).status());
        assertEquals("resolved", api.conversation(store, v.conversationId()).get("conversation").get("status").asText());
        api.say(v, "one more thing");
        assertEquals("pending", api.conversation(store, v.conversationId()).get("conversation").get("status").asText(),
                "a new customer message reopens a resolved conversation");
        JsonNode list = api.admin("GET", "/api/stores/" + store + "/conversations?status=pending", null).body();
        boolean listed = false;
        for (JsonNode row : list) {
            listed |= row.get("id").asText().equals(v.conversationId()) && row.get("lastMessage").get("text").asText().equals("one more thing");
        }
        assertTrue(listed);
    }
}
