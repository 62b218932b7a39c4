package dev.handoff.app.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agents' live inbox over WebSocket: new messages and changed inbox rows arrive without a reload. */
class AgentInboxSocketTest {

    private static final Api API = TestApp.api();

    private static WebSocket connect(String store, BlockingQueue<JsonNode> events) throws Exception {
        return open("/ws/agent/stores/" + store + "?token=" + API.adminToken(), events);
    }

    private static WebSocket open(String path, BlockingQueue<JsonNode> events) throws Exception {
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder frame = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    try {
                        events.add(Api.JSON.readTree(frame.toString()));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    frame.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(API.base().replace("http://", "ws://") + path), listener)
                .get(10, TimeUnit.SECONDS);
    }

    private static JsonNode next(BlockingQueue<JsonNode> events, java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && wanted.test(e)) {
                return e;
            }
        }
        throw new AssertionError("no such event");
    }

    @Test
    void newMessagesAndChangedRowsArriveLive() throws Exception {
        String store = API.storeId("demo");
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        WebSocket ws = connect(store, events);
        try {
            assertEquals("ready", next(events, e -> true).get("type").asText());
            Api.Visitor v = API.startConversation("demo", null, null);
            API.say(v, "I want to talk to a real person please");
            JsonNode message = next(events, e -> e.get("type").asText().equals("message")
                    && e.get("message").get("conversationId").asText().equals(v.conversationId())
                    && e.get("message").get("author").asText().equals("customer"));
            assertEquals("I want to talk to a real person please", message.get("message").get("text").asText());
            JsonNode row = next(events, e -> e.get("type").asText().equals("conversation")
                    && e.get("conversation").get("id").asText().equals(v.conversationId())
                    && e.get("conversation").get("status").asText().equals("escalated"));
            assertNotNull(row.get("conversation").get("lastMessage"));
        } finally {
            ws.abort();
        }
    }

    @Test
    void typingAndReadReceiptsTravelBothWays() throws Exception {
        String store = API.storeId("demo");
        Api.Visitor v = API.startConversation("demo", null, null);
        BlockingQueue<JsonNode> agentEvents = new LinkedBlockingQueue<>();
        BlockingQueue<JsonNode> widgetEvents = new LinkedBlockingQueue<>();
        WebSocket agent = connect(store, agentEvents);
        WebSocket widget = open("/ws/widget/conversations/" + v.conversationId() + "?token=" + v.token(), widgetEvents);
        try {
            next(agentEvents, e -> e.get("type").asText().equals("ready"));
            next(widgetEvents, e -> e.get("type").asText().equals("ready"));
            widget.sendText("{\"type\":\"typing\"}", true).get(5, TimeUnit.SECONDS);
            JsonNode typing = next(agentEvents, e -> e.get("type").asText().equals("typing"));
            assertEquals("customer", typing.get("by").asText());
            assertEquals(v.conversationId(), typing.get("conversationId").asText());

            agent.sendText("{\"type\":\"typing\",\"conversationId\":\"" + v.conversationId() + "\"}", true).get(5, TimeUnit.SECONDS);
            assertEquals("agent", next(widgetEvents, e -> e.get("type").asText().equals("typing")).get("by").asText());

            assertEquals(204, API.admin("POST", "/api/stores/" + store + "/conversations/" + v.conversationId() + "/read", null).status());
            JsonNode read = next(widgetEvents, e -> e.get("type").asText().equals("read"));
            assertEquals("agent", read.get("by").asText());
            assertNotNull(read.get("at"));

            widget.sendText("{\"type\":\"read\"}", true).get(5, TimeUnit.SECONDS);
            assertEquals("customer", next(agentEvents, e -> e.get("type").asText().equals("read")).get("by").asText());
            // garbage and pings are ignored; the sockets stay open
            widget.sendText("not json", true).get(5, TimeUnit.SECONDS);
            agent.sendText("{\"type\":\"typing\",\"conversationId\":\"" + UUID.randomUUID() + "\"}", true).get(5, TimeUnit.SECONDS);
            widget.sendText("{\"type\":\"typing\"}", true).get(5, TimeUnit.SECONDS);
            next(agentEvents, e -> e.get("type").asText().equals("typing"));
        } finally {
            agent.abort();
            widget.abort();
        }
    }

    @Test
    void refusesAMissingOrExpiredSessionAndForeignStores() {
        String store = API.storeId("demo");
        Api.Res none = API.send("GET", "/ws/agent/stores/" + store, null);
        assertEquals(401, none.status());
        assertTrue(none.contentType().startsWith("application/problem+json"));
        assertEquals(401, API.send("GET", "/ws/agent/stores/" + store + "?token=expired", null).status());
        assertEquals(404, API.send("GET", "/ws/agent/stores/" + UUID.randomUUID() + "?token=" + API.adminToken(), null).status());
    }
}
