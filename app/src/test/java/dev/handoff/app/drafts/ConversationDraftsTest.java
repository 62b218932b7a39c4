package dev.handoff.app.drafts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assistant's drafts seen from one conversation (GreenMail, over the API): {@code GET drafts?conversationId=} lists
 * that conversation's drafts only (404 for another store's conversation), and approving the escalation notice drafted
 * on a {@code new} ticket is the agent acting on it, as a reply by hand is: the ticket becomes {@code open}, recorded
 * under the agent.
 */
class ConversationDraftsTest {

    private static final Api API = TestApp.api();

    @Test
    void aConversationsDraftsAreListedAndApprovingOneOpensItsNewTicket() {
        try (Mailserver mail = new Mailserver()) {
            String store = API.createStore("Conversation Drafts Shop").id();
            API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you ship to Canada?",
                    "answer", "Yes, we ship to Canada; delivery takes 5 to 8 business days."));
            String box = "convdrafts-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
            mail.user(box, "pw-c");
            assertEquals(201, API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-c")).status());
            String base = "/api/stores/" + store;
            String asker = "ana-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            String upset = "ben-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            mail.deliver(box, mail.email(asker, box, "Shipping", "Do you ship to Canada?", UUID.randomUUID() + "@example.com", Map.of()));
            mail.deliver(box, mail.email(upset, box, "Broken", "I want to talk to a real person please", UUID.randomUUID() + "@example.com", Map.of()));
            JsonNode pending = Api.await(() -> API.admin("GET", base + "/drafts?status=pending", null).body(), d -> d.size() == 2);
            JsonNode escalation = null;
            for (JsonNode d : pending) {
                if (d.get("inbound").get("email").get("from").asText().contains(upset)) {
                    escalation = d;
                }
            }
            assertTrue(escalation != null, "the escalated email has its notice drafted: " + pending);
            String conversation = escalation.get("conversationId").asText();

            JsonNode mine = API.admin("GET", base + "/drafts?status=pending&conversationId=" + conversation, null).body();
            assertEquals(1, mine.size(), mine.toString());
            assertEquals(escalation.get("id").asText(), mine.get(0).get("id").asText(), "only this conversation's draft");
            String other = API.createStore("Someone Else's Shop").id();
            Api.Res foreign = API.admin("GET", "/api/stores/" + other + "/drafts?conversationId=" + conversation, null);
            assertEquals(404, foreign.status(), "another store's conversation: " + foreign.raw());
            assertEquals(400, API.admin("GET", base + "/drafts?conversationId=not-a-uuid", null).status());

            JsonNode ticket = Api.await(() -> API.admin("GET", base + "/tickets/of-conversation/" + conversation, null).body(), t -> t.size() == 1).get(0);
            assertEquals("new", ticket.get("status").asText(), ticket.toString());
            String adminId = API.admin("GET", "/api/auth/me", null).body().get("id").asText();
            Api.Res approved = API.admin("POST", base + "/drafts/" + escalation.get("id").asText() + "/approve", null);
            assertEquals(200, approved.status(), approved.raw());

            JsonNode detail = API.admin("GET", base + "/tickets/" + ticket.get("number").asInt(), null).body();
            assertEquals("open", detail.get("ticket").get("status").asText(), "approving the draft is an agent acting on the ticket");
            JsonNode moved = null;
            for (JsonNode e : detail.get("history")) {
                if (e.get("field").asText().equals("status") && e.get("newValue").asText().equals("open")) {
                    moved = e;
                }
            }
            assertTrue(moved != null, detail.get("history").toString());
            assertEquals("new", moved.get("oldValue").asText());
            assertEquals(adminId, moved.get("agentId").asText(), "recorded under the approving agent");
            assertEquals(0, API.admin("GET", base + "/drafts?status=pending&conversationId=" + conversation, null).body().size(),
                    "the approved draft left the conversation's pending drafts");
            assertEquals(1, API.admin("GET", base + "/drafts?status=pending", null).body().size(), "the other conversation's draft still waits");
        }
    }
}
