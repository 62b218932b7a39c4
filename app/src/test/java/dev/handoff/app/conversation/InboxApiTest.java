package dev.handoff.app.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the dashboard and the widget need beyond the thread: tab counts, take over, files, widget settings. */
class InboxApiTest {

    private static final Api API = TestApp.api();
    private static final byte[] PNG = Api.PNG;

    private static String newStore(String name) {
        return API.createStore(name).id();
    }

    private static String widgetKey(String store) {
        for (JsonNode s : API.admin("GET", "/api/stores", null).body()) {
            if (s.get("id").asText().equals(store)) {
                return s.get("widgetKey").asText();
            }
        }
        throw new AssertionError("no store " + store);
    }

    private static long count(JsonNode counts, String status, String field) {
        for (JsonNode c : counts) {
            if (c.get("status").asText().equals(status)) {
                return c.get(field).asLong();
            }
        }
        return 0;
    }

    @Test
    void tabCountsShowConversationsAndUnreadPerStatusAndReadingClearsTheBadge() {
        String store = newStore("Counts Shop");
        String key = widgetKey(store);
        Api.Visitor a = API.startConversation(key, "A", null);
        API.say(a, "Hello, is my order on its way? Order #1");
        Api.Visitor b = API.startConversation(key, "B", null);
        API.say(b, "I want to talk to a person, the parcel arrived damaged");
        API.settled(store, b.conversationId());
        JsonNode counts = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/conversations/counts", null).body(),
                c -> count(c, "escalated", "conversations") == 1);
        assertEquals(1, count(counts, "escalated", "unread"));
        assertEquals(2, count(counts, "pending", "conversations") + count(counts, "escalated", "conversations"));
        assertEquals(204, API.admin("POST", "/api/stores/" + store + "/conversations/" + b.conversationId() + "/read", null).status());
        assertEquals(0, count(API.admin("GET", "/api/stores/" + store + "/conversations/counts", null).body(), "escalated", "unread"));
        assertEquals(0, API.admin("GET", "/api/stores/" + store + "/conversations/counts?channel=gmail", null).body().size());
        assertEquals(400, API.admin("GET", "/api/stores/" + store + "/conversations/counts?channel=fax", null).status());

        JsonNode tickets = API.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + b.conversationId(), null).body();
        assertEquals(1, tickets.size());
        assertTrue(tickets.get(0).get("summary").asText().toLowerCase().contains("damaged"), tickets.toString());
        assertEquals(404, API.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + java.util.UUID.randomUUID(), null).status());
    }

    @Test
    void takingOverSilencesTheAssistantUntilTheConversationIsHandedBack() {
        String store = newStore("Take Over Shop");
        API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you ship to Canada?", "answer", "Yes, we ship to Canada."));
        Api.Visitor v = API.startConversation(widgetKey(store), "C", null);
        String me = API.admin("GET", "/api/auth/me", null).body().get("id").asText();
        String path = "/api/stores/" + store + "/conversations/" + v.conversationId();
        JsonNode taken = API.admin("PUT", path + "/assignee", Map.of("agentId", me)).body();
        assertEquals(me, taken.get("conversation").get("assigneeId").asText());
        API.say(v, "Do you ship to Canada?");
        API.settled(store, v.conversationId());
        assertEquals(1, API.thread(v).size(), "the assistant stays silent while a person has the conversation");

        java.util.Map<String, Object> back = new java.util.HashMap<>();
        back.put("agentId", null);
        assertTrue(API.admin("PUT", path + "/assignee", back).body().get("conversation").get("assigneeId").isNull());
        API.say(v, "Do you ship to Canada?");
        Api.await(() -> API.thread(v), t -> t.size() == 3 && t.get(2).get("author").asText().equals("assistant"));
        assertEquals(400, API.admin("PUT", path + "/assignee", Map.of("agentId", java.util.UUID.randomUUID().toString())).status());
        String agents = API.admin("GET", "/api/stores/" + store + "/agents", null).raw();
        assertTrue(agents.contains(me) && agents.contains("\"name\""), agents);
    }

    @Test
    void aShopperSendsAPhotoThatTheAgentSeesAndAgentsCanSendFilesBack() {
        String store = newStore("Photo Shop");
        Api.Visitor v = API.startConversation(widgetKey(store), "D", null);
        String widget = "/api/widget/conversations/" + v.conversationId();
        Api.Res sent = API.upload(widget + "/attachments", "broken mug.png", "image/png", PNG, Map.of("caption", "It arrived like this"),
                "X-Visitor-Token", v.token(), "Idempotency-Key", "photo-1");
        assertEquals(201, sent.status(), sent.raw());
        assertEquals("It arrived like this", sent.body().get("text").asText());
        JsonNode file = sent.body().get("attachments").get(0);
        assertEquals("broken mug.png", file.get("filename").asText());
        assertEquals("image/png", file.get("contentType").asText());
        String fileId = file.get("id").asText();

        var mine = API.download(widget + "/attachments/" + fileId + "?token=" + v.token());
        assertEquals(200, mine.getKey());
        assertArrayEquals(PNG, mine.getValue());
        assertEquals(404, API.download(widget + "/attachments/" + fileId + "?token=wrong").getKey());
        Api.Visitor other = API.startConversation(widgetKey(store), "E", null);
        assertEquals(404, API.download("/api/widget/conversations/" + other.conversationId() + "/attachments/" + fileId + "?token=" + other.token()).getKey(),
                "another shopper never gets the file");
        var agentView = API.download("/api/stores/" + store + "/attachments/" + fileId, "Authorization", "Bearer " + API.adminToken());
        assertArrayEquals(PNG, agentView.getValue());
        JsonNode thread = API.conversation(store, v.conversationId()).get("messages");
        assertEquals(fileId, thread.get(0).get("attachments").get(0).get("id").asText(), "the agent's thread shows the photo");

        Api.Res replay = API.upload(widget + "/attachments", "broken mug.png", "image/png", PNG, Map.of("caption", "It arrived like this"),
                "X-Visitor-Token", v.token(),
                "Idempotency-Key", "photo-1");
        assertEquals(sent.body().get("id").asText(), replay.body().get("id").asText(), "a retried upload is stored once");

        Api.Res disguised = API.upload(widget + "/attachments", "x.png", "image/png", "<script>alert(1)</script>".getBytes(), Map.of(),
                "X-Visitor-Token", v.token());
        assertEquals(415, disguised.status());
        assertTrue(disguised.contentType().contains("problem+json"), disguised.contentType());
        byte[] big = Arrays.copyOf(PNG, 10 * 1024 * 1024 + 10);
        assertEquals(413, API.upload(widget + "/attachments", "big.png", "image/png", big, Map.of(), "X-Visitor-Token", v.token()).status());
        assertEquals(401, API.upload(widget + "/attachments", "x.png", "image/png", PNG, Map.of()).status());

        Api.Res back = API.upload("/api/stores/" + store + "/conversations/" + v.conversationId() + "/attachments", "label.pdf",
                "application/pdf", "%PDF-1.4 return label".getBytes(), Map.of(), "Authorization", "Bearer " + API.adminToken());
        assertEquals(201, back.status(), back.raw());
        assertEquals("agent", back.body().get("author").asText());
        assertEquals("Sent a file: label.pdf", back.body().get("text").asText());
        List<String> texts = java.util.stream.StreamSupport.stream(API.thread(v).spliterator(), false).map(m -> m.get("text").asText()).toList();
        assertTrue(texts.contains("Sent a file: label.pdf"), texts.toString());
    }

    @Test
    void widgetSettingsShapeTheWidgetAndBadValuesAreClearErrors() {
        String store = newStore("Widget Shop");
        String key = widgetKey(store);
        JsonNode defaults = API.send("GET", "/api/widget/" + key + "/config", null).body();
        assertTrue(defaults.get("enabled").asBoolean());
        assertEquals("bottom-right", defaults.get("position").asText());
        Map<String, Object> widget = Map.of("color", "#ff6600", "position", "bottom-left", "greeting", "Hey there!", "preChatForm", true,
                "proactiveCues", List.of(Map.of("urlContains", "/checkout", "afterSeconds", 20, "message", "Need a hand with checkout?")));
        assertEquals(200, API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("widget", widget)).status());
        JsonNode config = API.send("GET", "/api/widget/" + key + "/config", null).body();
        assertEquals("#ff6600", config.get("color").asText());
        assertEquals("bottom-left", config.get("position").asText());
        assertEquals("Hey there!", config.get("greeting").asText());
        assertTrue(config.get("preChatForm").asBoolean());
        assertEquals("/checkout", config.get("proactiveCues").get(0).get("urlContains").asText());
        // a partial change keeps the rest
        API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("widget", Map.of("enabled", false)));
        JsonNode off = API.send("GET", "/api/widget/" + key + "/config", null).body();
        assertTrue(!off.get("enabled").asBoolean() && off.get("color").asText().equals("#ff6600"));

        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("color", "red"), Map.of("position", "top"), Map.of("greeting", " "),
                Map.of("proactiveCues", List.of(Map.of("urlContains", "", "afterSeconds", 5, "message", "x"))))) {
            Api.Res r = API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("widget", bad));
            assertEquals(400, r.status(), bad + " " + r.raw());
            assertTrue(r.body().get("detail").asText().contains("widget"), r.raw());
        }
        assertEquals("#ff6600", API.send("GET", "/api/widget/" + key + "/config", null).body().get("color").asText(), "nothing changed by a refused patch");
    }
}
