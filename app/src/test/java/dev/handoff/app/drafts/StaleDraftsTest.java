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
 * An agent answers an email by hand while the assistant's draft for it waits for review (GreenMail, over the API): the
 * draft is withdrawn — it leaves the review queue and the mailbox's Drafts folder, approving it is a 409 that says why,
 * and it counts as no review of its kind — so the shopper gets the agent's answer only, not a second, older one.
 */
class StaleDraftsTest {

    private static final Api API = TestApp.api();

    @Test
    void anAgentsReplyWithdrawsTheAssistantsPendingDraft() {
        try (Mailserver mail = new Mailserver()) {
            String store = API.createStore("Stale Drafts Shop").id();
            String faq = API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you ship to Canada?",
                    "answer", "Yes, we ship to Canada; delivery takes 5 to 8 business days.")).body().get("id").asText();
            String box = "stale-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
            mail.user(box, "pw-s");
            assertEquals(201, API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-s")).status());
            String base = "/api/stores/" + store;
            String shopper = "maya-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            mail.deliver(box, mail.email(shopper, box, "Shipping", "Do you ship to Canada?", UUID.randomUUID() + "@example.com", Map.of()));
            JsonNode draft = Api.await(() -> API.admin("GET", base + "/drafts?status=pending", null).body(), d -> d.size() == 1).get(0);
            String id = draft.get("id").asText();
            String conversation = draft.get("conversationId").asText();
            assertEquals(1, Api.await(() -> drafts(mail, box), n -> n == 1), "its copy waits in the mailbox's Drafts");

            Api.Res replied = API.admin("POST", base + "/conversations/" + conversation + "/messages",
                    Map.of("text", "Hi Maya, yes: we ship to Canada, and your order can go out today."));
            assertEquals(201, replied.status(), replied.raw());

            assertEquals("superseded", API.admin("GET", base + "/drafts/" + id, null).body().get("status").asText());
            assertEquals(0, API.admin("GET", base + "/drafts?status=pending", null).body().size(), "it left the review queue");
            assertEquals(1, API.admin("GET", base + "/drafts?status=superseded", null).body().size());
            JsonNode outcomes = API.admin("GET", base + "/analytics", null).body().get("drafts");
            assertEquals(1, outcomes.get("superseded").asInt(), "analytics count it apart: " + outcomes);
            assertEquals(0, outcomes.get("discarded").asInt() + outcomes.get("pending").asInt(), outcomes.toString());
            Api.Res approve = API.admin("POST", base + "/drafts/" + id + "/approve", null);
            assertEquals(409, approve.status(), approve.raw());
            assertTrue(approve.contentType().startsWith("application/problem+json")
                    && approve.body().get("detail").asText().contains("A person replied"), approve.raw());
            assertEquals(0, Api.await(() -> drafts(mail, box), n -> n == 0), "its copy left the mailbox's Drafts");
            JsonNode kinds = API.admin("GET", base + "/draft-kinds", null).body();
            for (JsonNode k : kinds) {
                if (k.get("kind").asText().equals("faq:" + faq)) {
                    assertEquals(0, k.get("reviewed").asInt(), "a withdrawn draft is no review: " + k);
                }
            }
            JsonNode thread = API.admin("GET", base + "/conversations/" + conversation, null).body();
            int assistant = 0;
            for (JsonNode m : thread.get("messages")) {
                assistant += m.get("author").asText().equals("assistant") ? 1 : 0;
            }
            assertEquals(0, assistant, "only the agent answered: " + thread);
        }
    }

    /** @return the messages in the mailbox's Drafts, or -1 while the app is replacing one there (read again) */
    private static int drafts(Mailserver mail, String box) {
        try {
            return mail.folder(box, "pw-s", "Drafts").size();
        } catch (IllegalStateException e) {
            return -1;
        }
    }
}
