package dev.handoff.app.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.MailStub;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notifications by email (real SMTP) and webhook, with retries; the weekly summary; retention and export. */
class NotificationsTest {

    private static final Api API = TestApp.api();
    private static HttpServer webhook;
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    @BeforeAll
    static void webhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean fail = exchange.getRequestURI().getPath().endsWith("/down") || FAILURES_LEFT.getAndDecrement() > 0;
            if (!fail) {
                RECEIVED.add(body);
            }
            exchange.sendResponseHeaders(fail ? 500 : 200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterAll
    static void stop() {
        webhook.stop(0);
    }

    private static String hook(String path) {
        return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook" + path;
    }

    private static Api.Store store(String name, String email, String hook) {
        Api.Store store = API.createStore(name);
        API.admin("PATCH", "/api/stores/" + store.id() + "/settings", Map.of("notifyEmails", List.of(email),
                "slackWebhookUrl", hook));
        return store;
    }

    private static JsonNode notifications(String store) {
        return API.admin("GET", "/api/stores/" + store + "/notifications", null).body();
    }

    @Test
    void aNewTicketIsEmailedAndPostedToTheWebhookWhichIsRetried() {
        String email = "team." + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        FAILURES_LEFT.set(1);
        Api.Store store = store("Notified", email, hook("/ok"));
        String id = store.id();
        Api.Visitor v = API.startConversation(store.widgetKey(), null, null);
        API.say(v, "I want to talk to a real person");
        Api.await(() -> MailStub.subjectsFor(email), s -> s.contains("New ticket #1001 (human requested)"));
        JsonNode list = Api.await(() -> notifications(id), n -> n.size() == 2
                && n.findValues("status").stream().allMatch(s -> s.asText().equals("sent")));
        for (JsonNode n : list) {
            if (n.get("channel").asText().equals("slack")) {
                assertEquals(2, n.get("attempts").asInt(), "one failure, then delivered: " + n);
            }
        }
        assertTrue(RECEIVED.stream().anyMatch(b -> b.contains("New ticket #1001")), RECEIVED.toString());
    }

    @Test
    void aWebhookThatKeepsFailingEndsFailedWithItsError() {
        Api.Store store = store("Failing hook", "x." + UUID.randomUUID().toString().substring(0, 6) + "@example.com", hook("/down"));
        String id = store.id();
        Api.Visitor v = API.startConversation(store.widgetKey(), null, null);
        API.say(v, "I want to talk to a real person");
        JsonNode list = Api.await(() -> notifications(id), n -> n.findValues("status").stream().anyMatch(s -> s.asText().equals("failed")));
        for (JsonNode n : list) {
            if (n.get("channel").asText().equals("slack")) {
                assertEquals("failed", n.get("status").asText());
                assertEquals(Notifier.MAX_ATTEMPTS, n.get("attempts").asInt());
                assertTrue(n.get("lastError").asText().contains("HTTP 500"), n.toString());
            }
        }
    }

    @Test
    void theWeeklySummaryGoesOutOnceAtTheStoresTime() {
        String email = "owner." + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        Api.Store store = store("Weekly", email, hook("/ok"));
        String id = store.id();
        API.admin("PATCH", "/api/stores/" + id + "/settings", Map.of("weeklySummaryAt", "Monday 08:00"));
        assertEquals(400, API.admin("PATCH", "/api/stores/" + id + "/settings", Map.of("weeklySummaryAt", "someday")).status());
        Api.Visitor v = API.startConversation(store.widgetKey(), null, null);
        API.say(v, "do you sell gift cards?");
        API.settled(id, v.conversationId());

        WeeklySummary summary = API.app().context().getBean(WeeklySummary.class);
        // the first Monday 08:05 after now, so the seven days before it hold the conversation
        // (on a Monday before 08:05 that is today, not next week)
        Instant now = Instant.now();
        Instant mondayMorning = now.atZone(ZoneOffset.UTC).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY))
                .withHour(8).withMinute(5).withSecond(0).withNano(0).toInstant();
        if (!mondayMorning.isAfter(now)) {
            mondayMorning = mondayMorning.plus(Duration.ofDays(7));
        }
        assertTrue(summary.sendDue(mondayMorning) >= 1);
        Api.await(() -> MailStub.subjectsFor(email), s -> s.stream().anyMatch(x -> x.startsWith("Your week in support")));
        String body = MailStub.bodyOf(email, "Your week in support");
        assertTrue(body.contains("Questions the FAQ could not answer") && body.contains("do you sell gift cards?"), body);
        summary.sendDue(mondayMorning.plus(Duration.ofHours(1)));
        assertEquals(1, MailStub.subjectsFor(email).stream().filter(x -> x.startsWith("Your week in support")).count(), "once a week");
    }

    @Test
    void retentionDeletesOldConversationsAfterTheExportOffersThem() throws Exception {
        Api.Store store = API.createStore("Retention");
        String id = store.id();
        API.admin("PATCH", "/api/stores/" + id + "/settings", Map.of("retentionDays", 7));
        assertEquals(400, API.admin("PATCH", "/api/stores/" + id + "/settings", Map.of("retentionDays", 1)).status());
        Api.Visitor v = API.startConversation(store.widgetKey(), "Old Customer", "old@example.com");
        API.say(v, "hello there, an old question about <b>gift</b> wrapping");
        API.settled(id, v.conversationId());

        Api.Res export = API.send("GET", "/api/stores/" + id + "/export", null, "Authorization", "Bearer " + API.adminToken());
        assertEquals(200, export.status());
        assertTrue(export.contentType().startsWith("application/x-ndjson"), export.contentType());
        String[] lines = export.raw().strip().split("\n");
        assertEquals(1, lines.length);
        JsonNode line = Api.JSON.readTree(lines[0]);
        assertEquals(v.conversationId(), line.get("conversation").get("id").asText());
        assertEquals("old@example.com", line.get("contact").get("email").asText());
        assertEquals("hello there, an old question about <b>gift</b> wrapping", line.get("messages").get(0).get("text").asText());

        Api.Visitor recentElsewhere = API.startConversation("demo", null, null);
        API.say(recentElsewhere, "hello");
        int deleted = API.app().context().getBean(Retention.class).deleteExpired(Instant.now().plus(Duration.ofDays(8)));
        assertTrue(deleted >= 1);
        assertEquals(404, API.admin("GET", "/api/stores/" + id + "/conversations/" + v.conversationId(), null).status());
        assertEquals(200, API.admin("GET", "/api/stores/" + API.storeId("demo") + "/conversations/" + recentElsewhere.conversationId(), null)
                .status(), "the demo store keeps 90 days");
    }
}
