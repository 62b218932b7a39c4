package dev.handoff.app.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.GmailStub;
import dev.handoff.app.support.GraphStub;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gmail and Outlook channels with the real SDKs ({@code google-api-services-gmail}, {@code microsoft-graph})
 * against loopback stubs: the OAuth connect flow, incremental sync with paging, Gmail's expired history
 * (404 → full sync), 429 with {@code Retry-After}, drafts in the mailbox and threaded sending, and a
 * revoked consent turning the account {@code needs_reauth} with the admins notified.
 */
class OAuthChannelsTest {

    private static final Api API = TestApp.api();

    static String raw(String from, String to, String subject, String text, String messageId, String extraHeaders) {
        return raw(from, to, subject, text, messageId, extraHeaders, 0);
    }

    static String raw(String from, String to, String subject, String text, String messageId, String extraHeaders, int minutesAgo) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + messageId + ">\r\nDate: "
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusMinutes(minutesAgo)) + "\r\n" + extraHeaders
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n";
    }

    private static String newStore() {
        String store = API.createStore("OAuth Shop").id();
        API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you ship to Canada?",
                "answer", "Yes, we ship to Canada; delivery takes 5 to 8 business days."));
        API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("notifyEmails", List.of("owner@oauth.test")));
        return store;
    }

    /** Runs the provider's connect flow as a browser would; @return the account */
    static JsonNode connect(String store, String kind, String mailbox) {
        Api.Res start = API.admin("POST", "/api/stores/" + store + "/channels/" + kind + "/connect", null);
        assertEquals(200, start.status(), start.raw());
        URI auth = URI.create(start.body().get("authorizationUrl").asText());
        Map<String, String> q = new HashMap<>();
        for (String pair : auth.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertTrue(q.get("redirect_uri").endsWith("/api/channels/oauth/" + kind + "/callback"));
        assertEquals("code", q.get("response_type"));
        Api.Res forged = API.send("GET", "/api/channels/oauth/" + kind + "/callback?code=code-x&state=forged.abc", null);
        assertEquals(400, forged.status());
        Api.Res back = API.send("GET", "/api/channels/oauth/" + kind + "/callback?code=code-" + mailbox + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8), null);
        assertEquals(303, back.status(), back.raw());
        String id = back.headers().firstValue("Location").orElseThrow().replaceAll(".*connected=", "");
        return account(store, id);
    }

    static JsonNode account(String store, String id) {
        for (JsonNode a : API.admin("GET", "/api/stores/" + store + "/channels", null).body()) {
            if (a.get("id").asText().equals(id)) {
                return a;
            }
        }
        return null;
    }

    private static List<JsonNode> conversations(String store) {
        List<JsonNode> out = new ArrayList<>();
        API.admin("GET", "/api/stores/" + store + "/conversations?limit=200", null).body().forEach(out::add);
        return out;
    }

    private static JsonNode pendingDraft(String store, String conversation) {
        return Api.await(() -> {
            for (JsonNode d : API.admin("GET", "/api/stores/" + store + "/drafts?status=pending", null).body()) {
                if (d.get("conversationId").asText().equals(conversation)) {
                    return d;
                }
            }
            return null;
        }, d -> d != null);
    }

    @Test
    void gmail() {
        GmailStub gmail = GmailStub.shared();
        String store = newStore();
        String box = "shop-" + UUID.randomUUID().toString().substring(0, 6) + "@gmail.test";
        JsonNode account = connect(store, "gmail", box);
        assertEquals("gmail", account.get("kind").asText());
        assertEquals(box, account.get("email").asText());
        assertEquals("active", account.get("status").asText());

        // 12 emails arrive (more than a page of 5), two of them in one Gmail thread, and the API throttles twice
        gmail.failNext(2, 429, "1");
        String thread = "thread-" + UUID.randomUUID();
        gmail.deliver(box, raw("Ana <ana.g@example.com>", box, "Shipping to Canada", "Do you ship to Canada?", "g1-" + thread, "", 2)
                .getBytes(StandardCharsets.UTF_8), thread);
        for (int i = 0; i < 10; i++) {
            gmail.deliver(box, raw("buyer" + i + "@example.com", box, "Hello " + i, "Just saying hello " + i, "bulk-" + i + thread, "")
                    .getBytes(StandardCharsets.UTF_8), null);
        }
        // Outlook-style reply whose In-Reply-To was rewritten: still the same conversation through the Gmail thread
        gmail.deliver(box, raw("Ana <ana.g@example.com>", box, "RE: Shipping to Canada", "Also, how much is it?", "g2-" + thread,
                "In-Reply-To: <something-else@elsewhere>\r\n").getBytes(StandardCharsets.UTF_8), thread);
        Api.await(() -> conversations(store), l -> l.size() == 11);
        JsonNode ana = conversations(store).stream().filter(c -> c.get("contact").get("email").asText().equals("ana.g@example.com"))
                .findFirst().orElseThrow();
        assertEquals("gmail", ana.get("channel").asText());
        JsonNode messages = Api.await(() -> API.conversation(store, ana.get("id").asText()).get("messages"), m -> m.size() == 2);
        assertEquals("Shipping to Canada", messages.get(0).get("subject").asText());

        // the assistant's answer to the first email is a draft, also in Gmail's drafts, in the thread
        JsonNode draft = pendingDraft(store, ana.get("id").asText());
        assertTrue(draft.get("body").asText().contains("Canada"));
        // (other conversations' drafts may be saved first: wait for this thread's copy)
        Api.await(() -> gmail.drafts(box), d -> d.values().stream().anyMatch(x -> thread.equals(x.threadId())));
        // (the second email of the thread may have its own draft too; approve the first)
        API.admin("POST", "/api/stores/" + store + "/drafts/" + draft.get("id").asText() + "/approve", null);
        GmailStub.Msg sent = Api.await(() -> gmail.sent(box), l -> !l.isEmpty()).get(0);
        assertEquals(thread, sent.threadId());
        String mime = new String(sent.raw(), StandardCharsets.UTF_8);
        assertTrue(mime.contains("In-Reply-To: <g2-" + thread + ">") || mime.contains("In-Reply-To: <g1-" + thread + ">"), mime);
        assertTrue(mime.contains("To: ana.g@example.com"), mime);

        // Gmail forgets the history: the next sync answers 404 and a full sync reads the inbox without duplicating it
        gmail.expireHistory(box);
        gmail.deliver(box, raw("late@example.com", box, "Late", "Do you ship to Canada?", "late-" + thread, "").getBytes(StandardCharsets.UTF_8), null);
        Api.await(() -> conversations(store), l -> l.size() == 12);
        assertEquals(2, API.conversation(store, ana.get("id").asText()).get("messages").size() - countAssistant(store, ana),
                "no email stored twice");

        // the shopper revokes access: needs_reauth, admins notified
        gmail.revoke(box);
        gmail.deliver(box, raw("after@example.com", box, "After", "Hello?", "after-" + thread, "").getBytes(StandardCharsets.UTF_8), null);
        Api.await(() -> account(store, account.get("id").asText()), a -> a.get("status").asText().equals("needs_reauth"));
        assertTrue(notified(store, box));
    }

    private static int countAssistant(String store, JsonNode conversation) {
        int n = 0;
        for (JsonNode m : API.conversation(store, conversation.get("id").asText()).get("messages")) {
            n += m.get("author").asText().equals("customer") ? 0 : 1;
        }
        return n;
    }

    private static boolean notified(String store, String box) {
        return Api.await(() -> API.admin("GET", "/api/stores/" + store + "/notifications", null).body(), n -> {
            for (JsonNode x : n) {
                if (x.get("event").asText().equals("channel_reauth") && x.get("subject").asText().contains(box)) {
                    return true;
                }
            }
            return false;
        }) != null;
    }

    @Test
    void outlook() {
        GraphStub graph = GraphStub.shared();
        String store = newStore();
        String box = "shop-" + UUID.randomUUID().toString().substring(0, 6) + "@outlook.test";
        JsonNode account = connect(store, "outlook", box);
        assertEquals("outlook", account.get("kind").asText());
        assertEquals("active", account.get("status").asText());

        graph.failNext(1, 429, "1");
        String conversationId = "AAQk-" + UUID.randomUUID();
        String first = graph.deliver(box, raw("Bea <bea@example.com>", box, "Canada?", "Do you ship to Canada?", "o1-" + conversationId, "")
                .getBytes(StandardCharsets.UTF_8), conversationId);
        for (int i = 0; i < 7; i++) {
            graph.deliver(box, raw("o-buyer" + i + "@example.com", box, "Hi " + i, "Hello there " + i, "ob-" + i + conversationId, "")
                    .getBytes(StandardCharsets.UTF_8), null);
        }
        Api.await(() -> conversations(store), l -> l.size() == 8);
        JsonNode bea = conversations(store).stream().filter(c -> c.get("contact").get("email").asText().equals("bea@example.com"))
                .findFirst().orElseThrow();
        assertEquals("outlook", bea.get("channel").asText());

        JsonNode draft = pendingDraft(store, bea.get("id").asText());
        // createReply put the draft in the mailbox's Drafts, as a reply to the shopper's message, with our text
        GraphStub.Draft inMailbox = Api.await(() -> graph.drafts(box).values().stream().filter(d -> first.equals(d.inReplyToId())).findFirst()
                .orElse(null), d -> d != null && !d.body().isEmpty());
        assertEquals(draft.get("body").asText(), inMailbox.body());
        API.admin("POST", "/api/stores/" + store + "/drafts/" + draft.get("id").asText() + "/approve",
                Map.of("body", "Yes! Delivery to Canada takes 5 to 8 business days."));
        GraphStub.Draft sent = Api.await(() -> graph.sent(box), l -> !l.isEmpty()).get(0);
        assertEquals(conversationId, sent.conversationId());
        assertEquals("Yes! Delivery to Canada takes 5 to 8 business days.", sent.body());
        Api.await(() -> API.admin("GET", "/api/stores/" + store + "/drafts/" + draft.get("id").asText(), null).body(),
                d -> d.get("status").asText().equals("sent"));

        // the shopper's reply through the same Graph conversation lands in the same conversation
        graph.deliver(box, raw("Bea <bea@example.com>", box, "RE: Canada?", "Great, thanks", "o2-" + conversationId, "")
                .getBytes(StandardCharsets.UTF_8), conversationId);
        Api.await(() -> API.conversation(store, bea.get("id").asText()).get("messages"), m -> m.size() == 3);

        graph.revoke(box);
        Api.await(() -> account(store, account.get("id").asText()), a -> a.get("status").asText().equals("needs_reauth"));
        assertTrue(notified(store, box));
    }
}
