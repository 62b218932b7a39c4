package dev.handoff.app.security;

import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits of an app with the production defaults: widget creation, messages, WebSockets and login answer 429 with Retry-After. */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RateLimitTest {

    private static HandoffBootstrap.RunningHandoff app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = TestApp.start(TestApp.tempDir(), Map.of("handoff.limits.enabled", true, "handoff.limits.widget-conversations.per-ip", "10/1m",
                "handoff.limits.widget-uploads.per-store", "2/10m",
                "handoff.limits.widget-messages.per-ip", "1000/1m", "handoff.limits.widget-messages.per-key", "5/1h",
                "handoff.limits.help-search.per-ip", "5/1m", "handoff.limits.help-pages.per-ip", "6/1m", "handoff.limits.help-events.per-ip", "4/1m",
                "handoff.limits.help-feedback.per-ip", "3/1m"));
        api = new Api("http://127.0.0.1:" + app.port(), app);
        api.admin("POST", "/api/agents", Map.of("email", "placeholder@example.com", "name", "Known", "password", "placeholder-pass"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static void assertLimited(Api.Res r) {
        assertEquals(429, r.status(), r.raw());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 900, "Retry-After " + retryAfter);
        assertTrue(r.body().get("detail").asText().startsWith("Too many requests"));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void conversationsPerIp() {
        // 10 a minute from one address; messagesPerConversation and uploadsPerStore have taken 4 of them
        List<Api.Res> starts = new ArrayList<>();
        for (int i = 0; i < 9 && (starts.isEmpty() || starts.get(starts.size() - 1).status() == 201); i++) {
            starts.add(api.send("POST", "/api/widget/demo/conversations", "{}"));
        }
        assertTrue(starts.size() >= 7, "at least 6 start before the limit: " + starts.size());
        assertLimited(starts.get(starts.size() - 1));
    }

    @Test
    @org.junit.jupiter.api.Order(1) // before conversationsPerIp spends the address's conversations
    void messagesPerConversation() {
        Api.Visitor chatty = api.startConversation("demo", null, null);
        for (int i = 0; i < 5; i++) {
            Api.Res r = api.say(chatty, "message number " + i);
            assertEquals(201, r.status(), r.raw());
        }
        Api.Res limited = api.say(chatty, "one too many");
        assertLimited(limited);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 60, "the bucket refills over the hour: Retry-After " + retryAfter);
        assertEquals(5, java.util.stream.StreamSupport.stream(api.thread(chatty).spliterator(), false)
                .filter(m -> m.get("author").asText().equals("customer")).count(), "the refused message is not stored");
        Api.Visitor other = api.startConversation("demo", null, null);
        assertEquals(201, api.say(other, "another shopper from the same address").status(), "the limit is per conversation");
    }

    /** All visitors of one store share a bucket too: a botnet spread over conversations (and addresses) is held back. */
    @Test
    @org.junit.jupiter.api.Order(1)
    void uploadsPerStore() {
        Api.Visitor first = api.startConversation("demo", null, null);
        Api.Visitor second = api.startConversation("demo", null, null);
        assertEquals(201, upload(first).status());
        assertEquals(201, upload(second).status(), "another conversation of the store, within the store's two in ten minutes");
        Api.Res third = upload(first);
        assertLimited(third);
        assertTrue(third.body().get("detail").asText().contains("per store"), third.raw());
        assertEquals(1, java.util.stream.StreamSupport.stream(api.thread(first).spliterator(), false)
                .filter(m -> m.get("author").asText().equals("customer")).count(), "the refused file is not stored");
    }

    private static Api.Res upload(Api.Visitor v) {
        return api.upload("/api/widget/conversations/" + v.conversationId() + "/attachments", "box.png", "image/png", Api.PNG,
                Map.of("caption", "the box"), "X-Visitor-Token", v.token());
    }

    /** The public help center: a bot can neither hammer search nor inflate views (pages and view events) or feedback. */
    @Test
    void helpCenterSearchPagesViewsAndFeedbackPerIp() {
        String demo = null;
        for (com.fasterxml.jackson.databind.JsonNode s : api.admin("GET", "/api/stores", null).body()) {
            if ("demo".equals(s.get("widgetKey").asText())) {
                demo = s.get("id").asText();
            }
        }
        String item = api.admin("GET", "/api/stores/" + demo + "/faq/items", null).body().get(0).get("id").asText();

        for (int i = 0; i < 5; i++) {
            assertEquals(200, api.send("GET", "/help/demo/search?q=shipping+time+" + i, null).status());
        }
        assertLimited(api.send("GET", "/help/demo/search?q=shipping+time", null));

        List<Api.Res> pages = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            pages.add(api.send("GET", "/help/demo/items/" + item + "-x", null));
        }
        assertTrue(pages.subList(0, 6).stream().allMatch(r -> r.status() == 301), "the first 6 answer (a redirect to the item's address)");
        assertLimited(pages.get(6));

        String view = Api.json(Map.of("kind", "view", "itemId", item, "session", "bot-session-1"));
        for (int i = 0; i < 4; i++) {
            assertEquals(204, api.send("POST", "/help/demo/events", view).status());
        }
        assertLimited(api.send("POST", "/help/demo/events", view));

        String helpful = Api.json(Map.of("helpful", "yes"));
        for (int i = 0; i < 3; i++) {
            assertEquals(204, api.send("POST", "/help/demo/items/" + item + "/feedback", helpful).status());
        }
        assertLimited(api.send("POST", "/help/demo/items/" + item + "/feedback", helpful));
        com.fasterxml.jackson.databind.JsonNode stats = api.admin("GET", "/api/stores/" + demo + "/help/stats", null).body();
        assertEquals(4, stats.get("views").asLong(), "only the views let through count: " + stats);
        assertEquals(3, stats.get("items").get(0).get("helpful").asLong(), stats.toString());
    }

    @Test
    void loginPerAccountWithTheSameAnswerForUnknownEmails() {
        String body = Api.json(Map.of("email", "placeholder@example.com", "password", "wrong-password-1"));
        for (int i = 0; i < 10; i++) {
            assertEquals(401, api.send("POST", "/api/auth/login", body).status());
        }
        assertLimited(api.send("POST", "/api/auth/login", body));
        // the right password does not get through a locked account either
        assertLimited(api.send("POST", "/api/auth/login", Api.json(Map.of("email", "placeholder@example.com", "password", "placeholder-pass"))));
        // an unknown email costs a password hash too: timed over a few tries, not 10x faster than a known one
        long known = 0;
        long unknown = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            assertEquals(401, api.send("POST", "/api/auth/login", Api.json(Map.of("email", "known" + i + "@x.example", "password", "x"))).status());
            long t1 = System.nanoTime();
            unknown += t1 - t0;
        }
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            assertEquals(401, api.send("POST", "/api/auth/login", Api.json(Map.of("email", "admin@handoff.local", "password", "wrong-" + i))).status());
            known += System.nanoTime() - t0;
        }
        assertTrue(unknown * 3 > known, "unknown " + unknown / 1_000_000 + " ms vs known " + known / 1_000_000 + " ms");
    }
}
