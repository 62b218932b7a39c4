package dev.handoff.app.moves;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Merge, split and undo over the API on email conversations that came in through GreenMail: every message exists
 * exactly once after each step (counted over the whole store), the merged conversation redirects, a later reply to
 * the merged thread lands in the merged conversation, tickets (the open one survives), history, and the refusals.
 */
class MergeSplitTest {

    private static final Api API = TestApp.api();
    private static Mailserver mail;
    private static String store;
    private static String support;
    private static String widgetKey;

    @BeforeAll
    static void setUp() {
        mail = new Mailserver();
        Api.Store created = API.createStore("Merge Shop");
        store = created.id();
        widgetKey = created.widgetKey();
        support = "merge-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(support, "pw-1");
        assertEquals(201, API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(support, "pw-1")).status());
    }

    @AfterAll
    static void tearDown() {
        mail.close();
    }

    private static void send(String from, String subject, String id, String inReplyTo, String body) {
        String headers = inReplyTo == null ? "" : "In-Reply-To: <" + inReplyTo + ">\r\nReferences: <" + inReplyTo + ">\r\n";
        mail.deliverRaw(support, ("From: " + from + "\r\nTo: " + support + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + id + ">\r\n"
                + headers + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** @return every non-system message id of the store's conversations (merged ones included), with how often it occurs */
    private static Map<String, Integer> census(List<String> alsoCheck) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> ids = new ArrayList<>();
        API.admin("GET", "/api/stores/" + store + "/conversations?limit=200", null).body().forEach(c -> ids.add(c.get("id").asText()));
        for (String extra : alsoCheck) {
            if (!ids.contains(extra)) {
                Api.Res r = API.admin("GET", "/api/stores/" + store + "/conversations/" + extra, null);
                assertEquals(308, r.status(), "a conversation missing from the inbox is a merged pointer: " + r.raw());
            }
        }
        for (String id : ids) {
            for (JsonNode m : API.conversation(store, id).get("messages")) {
                if (!m.get("author").asText().equals("system")) {
                    seen.merge(m.get("id").asText(), 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    private static void assertEachOnce(Map<String, Integer> census, java.util.Set<String> expected) {
        assertEquals(expected, census.keySet(), "the same messages");
        census.forEach((id, n) -> assertEquals(1, n, "message " + id + " exists exactly once"));
    }

    private static String conversationOf(String email, String marker) {
        return Api.await(() -> {
            for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=200", null).body()) {
                if (email.equals(c.get("contact").get("email").asText(null))) {
                    for (JsonNode m : API.conversation(store, c.get("id").asText()).get("messages")) {
                        if (m.get("text").asText().contains(marker)) {
                            return c.get("id").asText();
                        }
                    }
                }
            }
            return null;
        }, id -> id != null);
    }

    private static JsonNode messageWith(String conversation, String marker) {
        for (JsonNode m : API.conversation(store, conversation).get("messages")) {
            if (m.get("text").asText().contains(marker)) {
                return m;
            }
        }
        return null;
    }

    private static Api.Res post(String path, Object body) {
        return API.admin("POST", "/api/stores/" + store + path, body);
    }

    @Test
    void mergeSplitAndUndoKeepEveryMessageExactlyOnce() {
        String ana = "ana-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String bo = "bo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String a1 = "a1-" + UUID.randomUUID() + "@example.com";
        String a2 = "a2-" + UUID.randomUUID() + "@example.com";
        send(ana, "Broken vase", a1, null, "My vase arrived damaged, I want a refund.");
        send(ana, "Re: Broken vase", "a1b-" + UUID.randomUUID() + "@example.com", a1, "Photos of the damage are below.");
        send(ana, "Lamp also damaged", a2, null, "The lamp from order 77 arrived damaged too, refund please.");
        send(bo, "Hello", "b1-" + UUID.randomUUID() + "@example.com", null, "Do you sell gift cards?");
        String x = conversationOf(ana, "Photos of the damage");
        String y = conversationOf(ana, "lamp from order 77");
        String z = conversationOf(bo, "gift cards");
        API.settled(store, y); // the lamp message escalates (damage, refund): Y has an open ticket
        API.settled(store, x); // X's own turns (and any ticket they open) are done before its tickets are counted
        Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + y, null).body(), t -> t.size() == 1);
        int ticketsBefore = API.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + x, null).body().size() + 1;
        java.util.Set<String> all = census(List.of()).keySet();
        assertEquals(4, all.size());

        // refusals: into itself, across stores, a widget chat
        assertEquals(400, post("/conversations/" + x + "/merge", Map.of("into", x)).status());
        String otherKey = API.admin("POST", "/api/stores", Map.of("name", "Other Shop")).body().get("widgetKey").asText();
        Api.Visitor v = API.startConversation(otherKey, "Cy", null);
        Api.Res foreign = post("/conversations/" + y + "/merge", Map.of("into", v.conversationId()));
        assertEquals(404, foreign.status(), foreign.raw());
        assertTrue(foreign.contentType().startsWith("application/problem+json"));
        Api.Visitor w = API.startConversation(widgetKey, "Di", null);
        Api.Res widget = post("/conversations/" + y + "/merge", Map.of("into", w.conversationId()));
        assertEquals(422, widget.status(), widget.raw());
        assertTrue(widget.body().get("detail").asText().contains("email conversations"));

        // merge Y into X
        Api.Res merged = post("/conversations/" + y + "/merge", Map.of("into", x));
        assertEquals(200, merged.status(), merged.raw());
        assertEquals(1, merged.body().get("messages").asInt());
        assertEquals(1, merged.body().get("tickets").asInt());
        Api.Res pointer = API.admin("GET", "/api/stores/" + store + "/conversations/" + y, null);
        assertEquals(308, pointer.status());
        assertEachOnce(census(List.of(y)), all);
        JsonNode ticketsOfX = API.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + x, null).body();
        assertEquals(ticketsBefore, ticketsOfX.size());
        long open = 0;
        for (JsonNode t : ticketsOfX) {
            open += t.get("status").asText().equals("resolved") ? 0 : 1;
        }
        assertEquals(1, open, "one open ticket survives (a second open one is closed with a link): " + ticketsOfX);
        assertEquals(ticketsBefore == 2, merged.body().hasNonNull("closedTicket"));
        assertEquals(409, post("/conversations/" + y + "/merge", Map.of("into", z)).status());

        // a later reply to the merged thread lands in the merged conversation
        send(ana, "Re: Lamp also damaged", "a2b-" + UUID.randomUUID() + "@example.com", a2, "Any news about the lamp?");
        Api.await(() -> messageWith(x, "news about the lamp"), m -> m != null);
        java.util.Set<String> withReply = new java.util.HashSet<>(census(List.of(y)).keySet());
        assertEquals(5, withReply.size());

        // split at the lamp message: it and the reply to it move into a new conversation
        String lamp = messageWith(x, "lamp from order 77").get("id").asText();
        Api.Res split = post("/conversations/" + x + "/messages/" + lamp + "/split", Map.of());
        assertEquals(201, split.status(), split.raw());
        assertEquals(2, split.body().get("messages").asInt());
        String n = split.body().get("targetId").asText();
        assertNotNull(messageWith(n, "news about the lamp"));
        assertEachOnce(census(List.of(y)), withReply);

        // undo in order: the merge waits for the later split
        Api.Res early = post("/conversation-moves/" + merged.body().get("id").asText() + "/undo", Map.of());
        assertEquals(409, early.status(), early.raw());
        assertEquals(200, post("/conversation-moves/" + split.body().get("id").asText() + "/undo", Map.of()).status());
        assertEquals(308, API.admin("GET", "/api/stores/" + store + "/conversations/" + n, null).status(), "the emptied split points back");
        assertEachOnce(census(List.of(y, n)), withReply);
        Api.Res undone = post("/conversation-moves/" + merged.body().get("id").asText() + "/undo", Map.of());
        assertEquals(200, undone.status(), undone.raw());
        assertNotNull(undone.body().get("undoneAt").asText(null));
        assertEquals(200, API.admin("GET", "/api/stores/" + store + "/conversations/" + y, null).status());
        assertNotNull(messageWith(y, "lamp from order 77"), "the merged message went back");
        assertNotNull(messageWith(x, "news about the lamp"), "what arrived after the merge stays");
        assertEachOnce(census(List.of(n)), withReply);
        assertEquals(1, API.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + y, null).body().size());
        assertEquals(409, post("/conversation-moves/" + merged.body().get("id").asText() + "/undo", Map.of()).status());

        // the history of X shows both moves, undone
        JsonNode history = API.admin("GET", "/api/stores/" + store + "/conversations/" + x + "/moves", null).body();
        assertEquals(2, history.size());
        history.forEach(h -> assertTrue(h.hasNonNull("undoneAt")));
    }

    /**
     * Search and analytics follow a merge: the merged conversation's words find the conversation it was merged into (and
     * never the pointer), analytics count one conversation fewer; after undo both are separate again.
     */
    @Test
    void searchAndAnalyticsReflectAMergeAndItsUndo() {
        Api.Store shop = API.createStore("Merge Search Shop");
        String own = shop.id();
        String box = "msearch-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(box, "pw-2");
        assertEquals(201, API.admin("POST", "/api/stores/" + own + "/channels", mail.imapChannel(box, "pw-2")).status());
        String eve = "eve-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        for (String[] e : List.of(new String[] {"Teapot question", "Is the porcelain teapot dishwasher safe?"},
                new String[] {"Saucer colour", "Which glaze colours does the saucer come in?"})) {
            mail.deliverRaw(box, ("From: " + eve + "\r\nTo: " + box + "\r\nSubject: " + e[0] + "\r\nMessage-ID: <" + UUID.randomUUID()
                    + "@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + e[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String base = "/api/stores/" + own;
        JsonNode rows = Api.await(() -> API.admin("GET", base + "/conversations?limit=10", null).body(), r -> r.size() == 2);
        String teapot = null;
        String saucer = null;
        for (JsonNode c : rows) {
            String text = API.conversation(own, c.get("id").asText()).get("messages").toString();
            if (text.contains("teapot")) {
                teapot = c.get("id").asText();
            } else {
                saucer = c.get("id").asText();
            }
        }
        assertNotNull(teapot);
        assertNotNull(saucer);
        String t = teapot;
        String u = saucer;
        java.util.function.Function<String, List<String>> found = q -> {
            List<String> ids = new ArrayList<>();
            API.admin("GET", base + "/search?mode=keyword&q=" + q, null).body().get("results")
                    .forEach(r -> ids.add(r.get("conversation").get("id").asText()));
            return ids;
        };
        java.util.function.Supplier<Long> counted = () -> API.admin("GET", base + "/analytics", null).body().get("conversations").asLong();
        Api.await(() -> found.apply("glaze"), ids -> ids.equals(List.of(u)));
        Api.await(() -> found.apply("dishwasher"), ids -> ids.equals(List.of(t)));
        assertEquals(2L, counted.get());

        Api.Res merged = API.admin("POST", base + "/conversations/" + u + "/merge", Map.of("into", t));
        assertEquals(200, merged.status(), merged.raw());
        Api.await(() -> found.apply("glaze"), ids -> ids.equals(List.of(t)));
        assertEquals(List.of(t), found.apply("dishwasher"));
        assertEquals(1L, counted.get(), "analytics count the merged pair once");

        assertEquals(200, API.admin("POST", base + "/conversation-moves/" + merged.body().get("id").asText() + "/undo", Map.of()).status());
        Api.await(() -> found.apply("glaze"), ids -> ids.equals(List.of(u)));
        assertEquals(List.of(t), found.apply("dishwasher"));
        assertEquals(2L, counted.get());
    }
}
