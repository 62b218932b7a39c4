package dev.handoff.app.drafts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drafts that earn trust, over the API on GreenMail (the test app's window is 5 reviews instead of 50): each review is
 * recorded per kind (an FAQ item's answers); auto-send is refused (409 with the figures) until the last 5 reviews were
 * approved unedited; once on, the next email's answer goes out without review (SMTP), is marked auto-sent in the
 * thread and counts as auto-sent per kind and in analytics; a discard of that kind turns it back to review and notifies
 * the admins; an edit's ratio is its Levenshtein share.
 */
class DraftGraduationTest {

    private static final Api API = TestApp.api();

    @Test
    void editRatioIsTheLevenshteinShareOfTheLongerText() {
        assertEquals(0.0, DraftGraduation.editRatio("same", "same"));
        assertEquals(1.0 / 6, DraftGraduation.editRatio("kitten", "sitten"), 1e-9);
        assertEquals(3.0 / 7, DraftGraduation.editRatio("kitten", "sitting"), 1e-9);
        assertEquals(1.0, DraftGraduation.editRatio("", "abc"));
        assertEquals("faq:abc", DraftGraduation.kindOf(dev.handoff.app.conversation.AnswerSource.faq, "abc,def"));
        assertEquals("notice", DraftGraduation.kindOf(null, ""));
    }

    @Test
    void aKindApprovedUneditedGoesOutByItselfUntilADiscard() {
        try (Mailserver mail = new Mailserver()) {
            String store = API.createStore("Graduation Shop").id();
            String faq = API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you ship to Canada?",
                    "answer", "Yes, we ship to Canada; delivery takes 5 to 8 business days.")).body().get("id").asText();
            API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("notifyEmails", List.of("owner@graduation.test")));
            String box = "grad-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
            mail.user(box, "pw-g");
            assertEquals(201, API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-g")).status());
            String kind = "faq:" + faq;
            String base = "/api/stores/" + store;

            List<String> shoppers = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                String who = "buyer" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
                shoppers.add(who);
                mail.deliver(box, mail.email(who, box, "Shipping", "Do you ship to Canada?", UUID.randomUUID() + "@example.com", Map.of()));
            }
            List<JsonNode> pending = Api.await(() -> {
                List<JsonNode> out = new ArrayList<>();
                API.admin("GET", base + "/drafts?status=pending", null).body().forEach(out::add);
                return out;
            }, l -> l.size() == 7);
            pending.forEach(d -> assertEquals(List.of(faq), List.of(d.get("citedFaqIds").get(0).asText())));

            Api.Res early = API.admin("PUT", base + "/draft-kinds/" + kind + "/autosend", Map.of("enabled", true));
            assertEquals(409, early.status(), early.raw());
            assertTrue(early.body().get("detail").asText().contains("0 reviewed so far"), early.raw());

            // 1 approved after a small edit, then 4 as drafted: 4 of 5 unedited is below 95 %
            String drafted = pending.get(0).get("body").asText();
            assertEquals(200, API.admin("POST", base + "/drafts/" + pending.get(0).get("id").asText() + "/approve",
                    Map.of("body", drafted + " Thanks!")).status());
            for (int i = 1; i < 5; i++) {
                assertEquals(200, API.admin("POST", base + "/drafts/" + pending.get(i).get("id").asText() + "/approve", null).status());
            }
            JsonNode stats = kind(base, kind);
            assertEquals(5, stats.get("reviewed").asInt());
            assertEquals(4, stats.get("approvedUnedited").asInt());
            assertEquals(1, stats.get("approvedEdited").asInt());
            assertEquals(8.0 / (drafted.length() + 8), stats.get("typicalEdit").asDouble(), 1e-4);
            assertTrue(!stats.get("eligible").asBoolean());
            assertEquals(409, API.admin("PUT", base + "/draft-kinds/" + kind + "/autosend", Map.of("enabled", true)).status());

            // one more unedited approval: the last 5 reviews are all unedited (the edited one fell out of the window)
            assertEquals(200, API.admin("POST", base + "/drafts/" + pending.get(5).get("id").asText() + "/approve", null).status());
            assertTrue(kind(base, kind).get("eligible").asBoolean());
            // the edited draft's delivery completes last (a busy job queue does that: approved -> sent moves updated_at);
            // the window counts reviews by when they were made, so the kind stays eligible
            for (int i = 0; i < 6; i++) {
                String id = pending.get(i).get("id").asText();
                Api.await(() -> API.admin("GET", base + "/drafts/" + id, null).body().get("status").asText(), "sent"::equals);
            }
            @SuppressWarnings("unchecked")
            TransactionOperations<Connection> tx = API.app().context().getBean(TransactionOperations.class);
            int moved = tx.executeWrite(st -> API.app().context().getBean(JdbcOperations.class).prepareStatement(
                    "UPDATE drafts SET updated_at = now() + interval '1 second' WHERE id = ?", ps -> {
                        ps.setObject(1, UUID.fromString(pending.get(0).get("id").asText()));
                        return ps.executeUpdate();
                    }));
            assertEquals(1, moved);
            assertTrue(kind(base, kind).get("eligible").asBoolean(), "a late delivery does not reorder the review window");
            Api.Res on = API.admin("PUT", base + "/draft-kinds/" + kind + "/autosend", Map.of("enabled", true));
            assertEquals(200, on.status(), on.raw());
            assertTrue(on.body().get("autoSend").asBoolean());

            // the next question of this kind is answered without review
            String next = "buyer-next-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            mail.deliver(box, mail.email(next, box, "Canada", "Do you ship to Canada?", UUID.randomUUID() + "@example.com", Map.of()));
            // the reply reaches the shopper's inbox (not only the mailbox's Drafts folder, where a draft waiting for review goes)
            assertEquals(1, Api.await(() -> inbox(mail, next), n -> n == 1), "the auto-sent reply reaches the shopper");
            assertEquals(1, kind(base, kind).get("autoSent").asInt());
            boolean waiting = false;
            for (JsonNode d : API.admin("GET", base + "/drafts?status=pending", null).body()) {
                waiting |= d.get("inbound") != null && d.get("inbound").toString().contains(next);
            }
            assertTrue(!waiting, "no draft waits for review");
            // the thread marks the reply that went out by itself, and only that one
            String autoConversation = null;
            for (JsonNode d : API.admin("GET", base + "/drafts", null).body()) {
                if (d.get("inbound") != null && d.get("inbound").toString().contains(next)) {
                    autoConversation = d.get("conversationId").asText();
                }
            }
            assertTrue(assistantReply(store, autoConversation).get("autoSent").asBoolean(), "the auto-sent reply is marked");
            assertTrue(!assistantReply(store, pending.get(1).get("conversationId").asText()).get("autoSent").asBoolean(),
                    "a draft an agent approved is not");

            // a discard of that kind sends it back to review and tells the admins
            assertEquals(200, API.admin("POST", base + "/drafts/" + pending.get(6).get("id").asText() + "/discard", null).status());
            assertTrue(!kind(base, kind).get("autoSend").asBoolean());
            JsonNode notes = API.admin("GET", base + "/notifications", null).body();
            assertTrue(notes.toString().contains("wait for review again"), notes.toString());
            String after = "buyer-after-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            mail.deliver(box, mail.email(after, box, "Canada", "Do you ship to Canada?", UUID.randomUUID() + "@example.com", Map.of()));
            Api.await(() -> API.admin("GET", base + "/drafts?status=pending", null).body().toString(), s -> s.contains(after));

            // analytics count the assistant's email replies by what became of them
            JsonNode drafts = API.admin("GET", base + "/analytics", null).body().get("drafts");
            assertEquals(1, drafts.get("autoSent").asInt(), drafts.toString());
            assertEquals(5, drafts.get("approvedUnedited").asInt(), drafts.toString());
            assertEquals(1, drafts.get("approvedEdited").asInt(), drafts.toString());
            assertEquals(1, drafts.get("discarded").asInt(), drafts.toString());
            assertEquals(1, drafts.get("pending").asInt(), drafts.toString());
        }
    }

    /** @return the assistant's (only) reply in the conversation */
    private static JsonNode assistantReply(String store, String conversation) {
        JsonNode found = null;
        for (JsonNode m : API.conversation(store, conversation).get("messages")) {
            if (m.get("author").asText().equals("assistant")) {
                assertTrue(found == null, "one assistant reply in " + conversation);
                found = m;
            }
        }
        assertTrue(found != null, "an assistant reply in " + conversation);
        return found;
    }

    /** @return how many messages the address's INBOX holds (GreenMail's getReceivedMessages also lists every Drafts folder) */
    private static int inbox(Mailserver mail, String address) {
        var managers = mail.greenMail().getManagers();
        var user = managers.getUserManager().getUserByEmail(address);
        if (user == null) {
            return 0;
        }
        try {
            return managers.getImapHostManager().getInbox(user).getMessageCount();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode kind(String base, String kind) {
        for (JsonNode k : API.admin("GET", base + "/draft-kinds", null).body()) {
            if (k.get("kind").asText().equals(kind)) {
                return k;
            }
        }
        throw new AssertionError("no stats for " + kind);
    }
}
