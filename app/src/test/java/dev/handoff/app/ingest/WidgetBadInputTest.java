package dev.handoff.app.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear problem+json error and loses nothing already stored. */
class WidgetBadInputTest {

    private static Api api;

    @BeforeAll
    static void start() {
        api = TestApp.api();
    }

    private static void assertProblem(Api.Res r, int status) {
        assertEquals(status, r.status(), r.raw());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(status, r.body().get("status").asInt());
        assertTrue(r.body().get("detail").isTextual() && !r.body().get("detail").asText().isBlank(), r.raw());
    }

    @Test
    void emptyOversizedAndMalformedMessagesAreRefusedAndKeepTheThread() {
        Api.Visitor v = api.startConversation("demo", null, null);
        assertEquals(201, api.say(v, "first message").status());
        assertProblem(api.say(v, "   "), 400);
        assertProblem(api.say(v, "x".repeat(20_001)), 413);
        assertProblem(api.send("POST", "/api/widget/conversations/" + v.conversationId() + "/messages", "{\"text\": ",
                "X-Visitor-Token", v.token()), 400);
        assertProblem(api.send("POST", "/api/widget/conversations/" + v.conversationId() + "/messages", "{}",
                "X-Visitor-Token", v.token()), 400);
        JsonNode thread = api.thread(v);
        assertEquals("first message", thread.get(0).get("text").asText());
        assertEquals(1, count(thread, "customer"));
    }

    @Test
    void markupIsStoredAsTextNotInterpreted() {
        Api.Visitor v = api.startConversation("demo", null, null);
        String hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        Api.Res r = api.say(v, hostile);
        assertEquals(201, r.status());
        assertEquals(hostile, r.body().get("text").asText());
        assertEquals(hostile, api.thread(v).get(0).get("text").asText());
    }

    @Test
    void unknownKeysWrongTokensAndForeignConversationsGetNoData() {
        assertProblem(api.send("POST", "/api/widget/no-such-key/conversations", "{}"), 404);
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "my secret question");
        String path = "/api/widget/conversations/" + v.conversationId() + "/messages";
        assertProblem(api.send("GET", path, null), 401);
        assertProblem(api.send("GET", path, null, "X-Visitor-Token", "wrong"), 404);
        Api.Visitor other = api.startConversation("demo", null, null);
        assertProblem(api.send("GET", path, null, "X-Visitor-Token", other.token()), 404);
        assertProblem(api.send("GET", "/api/widget/conversations/" + java.util.UUID.randomUUID() + "/messages", null,
                "X-Visitor-Token", v.token()), 404);
        assertProblem(api.send("GET", "/api/widget/conversations/not-a-uuid/messages", null, "X-Visitor-Token", v.token()), 400);
        assertProblem(api.send("POST", "/api/widget/demo/conversations", Api.json(Map.of("email", "not an email"))), 400);
        // WebSocket upgrade with a wrong token is refused before any socket exists
        java.util.concurrent.CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CompletionException.class, () -> java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(java.net.URI.create(api.base().replace("http", "ws") + "/ws/widget/conversations/"
                                + v.conversationId() + "?token=wrong"), new java.net.http.WebSocket.Listener() { }).join());
        assertEquals(404, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    @Test
    void aRepeatedIdempotencyKeyLandsOnce() {
        Api.Visitor v = api.startConversation("demo", null, null);
        String path = "/api/widget/conversations/" + v.conversationId() + "/messages";
        String body = Api.json(Map.of("text", "do you ship to japan?"));
        Api.Res first = api.send("POST", path, body, "X-Visitor-Token", v.token(), "Idempotency-Key", "k-1");
        Api.Res second = api.send("POST", path, body, "X-Visitor-Token", v.token(), "Idempotency-Key", "k-1");
        assertEquals(201, first.status());
        assertEquals(201, second.status());
        assertEquals(first.body(), second.body(), "the replay gives the stored message as the first reply gave it, to the microsecond");
        assertEquals("true", second.headers().firstValue("Idempotent-Replayed").orElse(""));
        String store = api.storeId("demo");
        JsonNode c = api.settled(store, v.conversationId());
        assertEquals(1, count(c.get("messages"), "customer"));
        assertEquals(1, count(c.get("messages"), "assistant"), "answered once");
    }

    @Test
    void anIdempotencyKeyReusedForAnotherMessageIsRefusedAndStoresNothing() {
        Api.Visitor v = api.startConversation("demo", null, null);
        String path = "/api/widget/conversations/" + v.conversationId() + "/messages";
        Api.Res first = api.send("POST", path, Api.json(Map.of("text", "where is my parcel?")),
                "X-Visitor-Token", v.token(), "Idempotency-Key", "k-2");
        assertEquals(201, first.status(), first.raw());
        Api.Res other = api.send("POST", path, Api.json(Map.of("text", "and can I pay by invoice?")),
                "X-Visitor-Token", v.token(), "Idempotency-Key", "k-2");
        assertProblem(other, 422);
        assertTrue(other.body().get("detail").asText().contains("Idempotency-Key"), other.raw());
        Api.Res otherFile = api.upload(path.replace("/messages", "/attachments"), "photo.png", "image/png", Api.PNG, Map.of(),
                "X-Visitor-Token", v.token(), "Idempotency-Key", "k-2");
        assertProblem(otherFile, 422);
        Api.Res retry = api.send("POST", path, Api.json(Map.of("text", "where is my parcel?")),
                "X-Visitor-Token", v.token(), "Idempotency-Key", "k-2");
        assertEquals(201, retry.status(), retry.raw());
        assertEquals(first.body().get("id"), retry.body().get("id"));
        JsonNode thread = api.thread(v);
        assertEquals(1, count(thread, "customer"), thread.toString());
        assertEquals("where is my parcel?", thread.get(0).get("text").asText());
    }

    private static long count(JsonNode messages, String author) {
        long n = 0;
        for (JsonNode m : messages) {
            n += m.get("author").asText().equals(author) ? 1 : 0;
        }
        return n;
    }
}
