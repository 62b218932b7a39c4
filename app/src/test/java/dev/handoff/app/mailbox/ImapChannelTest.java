package dev.handoff.app.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code imap} channel end to end on a real IMAP/SMTP server (GreenMail): a shopper's email in, the
 * assistant's reply as a draft (in the review queue and the mailbox's Drafts), approval, the reply in
 * the shopper's mailbox threaded; threading, deduplication, auto-replies, agent replies, bad input,
 * and a revoked password.
 */
class ImapChannelTest {

    private static final Api API = TestApp.api();
    private static final String PASSWORD = "secret-1";
    private static Mailserver mail;
    private static String store;
    private static String support;

    @BeforeAll
    static void setUp() {
        mail = new Mailserver();
        store = API.createStore("Mail Shop").id();
        API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "How long does shipping take?",
                "answer", "Orders ship within 2 business days and arrive 3 to 5 days later."));
        support = "support-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(support, PASSWORD);
        Api.Res r = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(support, PASSWORD));
        assertEquals(201, r.status(), r.raw());
        assertEquals("active", r.body().get("status").asText());
        assertEquals("imap", r.body().get("kind").asText());
    }

    @AfterAll
    static void tearDown() {
        mail.close();
    }

    private static String shopper() {
        String email = "shopper-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        mail.user(email, "pw");
        return email;
    }

    private static JsonNode conversationWith(String email) {
        return Api.await(() -> {
            for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=200", null).body()) {
                if (email.equals(c.get("contact").get("email").asText(null))) {
                    return c;
                }
            }
            return null;
        }, c -> c != null);
    }

    private static List<JsonNode> conversationsWith(String email) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=200", null).body()) {
            if (email.equals(c.get("contact").get("email").asText(null))) {
                out.add(c);
            }
        }
        return out;
    }

    private static JsonNode pendingDraftOf(String conversationId) {
        return Api.await(() -> {
            for (JsonNode d : API.admin("GET", "/api/stores/" + store + "/drafts?status=pending", null).body()) {
                if (d.get("conversationId").asText().equals(conversationId)) {
                    return d;
                }
            }
            return null;
        }, d -> d != null);
    }

    private static boolean containsConversation(JsonNode rows, String id) {
        for (JsonNode row : rows) {
            if (row.get("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** @return the copies in the support mailbox's Drafts that reply to the email with this Message-ID */
    private static List<MimeMessage> draftCopiesReplyingTo(String messageId) {
        return mail.folder(support, PASSWORD, "Drafts").stream().filter(m -> {
            try {
                return ("<" + messageId + ">").equals(m.getHeader("In-Reply-To", null));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<MimeMessage> inboxOf(String email, int atLeast) {
        return Api.await(() -> mail.folder(email, "pw", "INBOX"), l -> l.size() >= atLeast);
    }

    @Test
    void aShoppersEmailGetsADraftThatAnAgentApprovesAndTheReplyArrivesThreaded() throws Exception {
        String ana = shopper();
        mail.deliver(support, mail.email(ana, support, "Shipping question", "How long does shipping take?\n\n-- \nAna",
                "q1-" + ana, Map.of()));
        JsonNode row = conversationWith(ana);
        assertEquals("imap", row.get("channel").asText());
        String conversation = row.get("id").asText();
        JsonNode detail = API.conversation(store, conversation);
        JsonNode first = detail.get("messages").get(0);
        assertEquals("Shipping question", first.get("subject").asText());
        assertEquals("How long does shipping take?", first.get("text").asText(), "the signature is separated from the new text");
        assertTrue(first.get("email").get("quotedText").asText().contains("Ana"));

        JsonNode draft = pendingDraftOf(conversation);
        assertTrue(draft.get("body").asText().contains("2 business days"), draft.toString());
        assertEquals("faq", draft.get("source").asText());
        assertEquals("How long does shipping take?", draft.get("inbound").get("text").asText(), "the inbound email beside the draft");
        // never sent by itself: only the shopper's message is in the thread
        assertEquals(1, API.conversation(store, conversation).get("messages").size());
        // the inbox filters on it: channel and "has drafts"
        JsonNode withDrafts = API.admin("GET", "/api/stores/" + store + "/conversations?hasDrafts=true&channel=imap", null).body();
        assertTrue(containsConversation(withDrafts, conversation), withDrafts.toString());
        for (JsonNode listed : withDrafts) {
            assertTrue(listed.get("pendingDrafts").asInt() >= 1);
        }
        assertFalse(containsConversation(API.admin("GET", "/api/stores/" + store + "/conversations?channel=widget", null).body(), conversation));
        assertEquals(400, API.admin("GET", "/api/stores/" + store + "/conversations?channel=fax", null).status());
        // a copy waits in the mailbox's own Drafts folder
        // the shared mailbox's Drafts also holds other tests' drafts: only this conversation's copy counts
        Api.await(() -> draftCopiesReplyingTo("q1-" + ana), l -> l.size() == 1);
        assertTrue(mail.allDrafts(support, PASSWORD, "Drafts"));

        String path = "/api/stores/" + store + "/drafts/" + draft.get("id").asText();
        Api.Res edited = API.admin("PUT", path, Map.of("body", "Hi Ana! Orders ship within 2 business days and arrive 3 to 5 days later."));
        assertEquals(200, edited.status(), edited.raw());
        assertTrue(edited.body().get("edited").asBoolean());
        assertEquals(400, API.admin("PUT", path, Map.of("body", "  ")).status());

        // two agents approve at once: exactly one succeeds and one email goes out
        CompletableFuture<Api.Res> a = CompletableFuture.supplyAsync(() -> API.admin("POST", path + "/approve", null));
        CompletableFuture<Api.Res> b = CompletableFuture.supplyAsync(() -> API.admin("POST", path + "/approve", null));
        List<Integer> statuses = new ArrayList<>(List.of(a.get().status(), b.get().status()));
        statuses.sort(null);
        assertEquals(List.of(200, 409), statuses);

        List<MimeMessage> received = inboxOf(ana, 1);
        Thread.sleep(500);
        assertEquals(1, mail.folder(ana, "pw", "INBOX").size(), "sent exactly once");
        MimeMessage reply = received.get(0);
        assertEquals("Re: Shipping question", reply.getSubject());
        assertEquals("<q1-" + ana + ">", reply.getHeader("In-Reply-To", null));
        assertTrue(reply.getHeader("References", null).contains("q1-" + ana));
        assertTrue(((String) reply.getContent()).startsWith("Hi Ana!"));
        JsonNode sent = Api.await(() -> API.admin("GET", path, null).body(), d -> d.get("status").asText().equals("sent"));
        assertFalse(containsConversation(API.admin("GET", "/api/stores/" + store + "/conversations?hasDrafts=true", null).body(), conversation));
        assertTrue(containsConversation(API.admin("GET", "/api/stores/" + store + "/conversations?hasDrafts=false", null).body(), conversation));
        assertEquals("sent", sent.get("deliveryStatus").asText());
        Api.await(() -> draftCopiesReplyingTo("q1-" + ana), List::isEmpty);
        JsonNode thread = API.conversation(store, conversation).get("messages");
        assertEquals("assistant", thread.get(1).get("author").asText());
        assertEquals("sent", thread.get(1).get("email").get("deliveryStatus").asText());

        // the shopper answers the reply, editing the subject: same conversation by In-Reply-To our Message-ID
        String ourId = reply.getHeader("Message-ID", null).replaceAll("[<>]", "");
        mail.deliver(support, mail.email(ana, support, "Re: Shipping question (and PayPal?)", "Thanks! And can I pay with PayPal?",
                "q2-" + ana, Map.of("In-Reply-To", "<" + ourId + ">", "References", "<q1-" + ana + "> <" + ourId + ">")));
        JsonNode answered = Api.await(() -> API.conversation(store, conversation).get("messages"), m -> m.size() == 3);
        assertEquals(1, conversationsWith(ana).size());
        assertEquals("in-reply-to", answered.get(2).get("threading").get("rule").asText());
        assertEquals(thread.get(1).get("id").asText(), answered.get(2).get("threading").get("matchedMessageId").asText());

        // an agent's own reply goes out through the same mailbox, threaded to the latest email
        Api.Res agentReply = API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/messages",
                Map.of("text", "Yes, PayPal works at checkout."));
        assertEquals(201, agentReply.status(), agentReply.raw());
        List<MimeMessage> both = inboxOf(ana, 2);
        MimeMessage second = both.get(1);
        assertEquals("<q2-" + ana + ">", second.getHeader("In-Reply-To", null));
        assertEquals("Re: Shipping question (and PayPal?)", second.getSubject());
    }

    @Test
    void aReplyThroughAMailboxThatWasRemovedFailsWithItsReason() {
        String box = "gone-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(box, PASSWORD);
        Api.Res connected = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, PASSWORD));
        assertEquals(201, connected.status(), connected.raw());
        String cy = shopper();
        mail.deliver(box, mail.email(cy, box, "Sizes", "Do you have this in a medium?", "gone-" + cy, Map.of()));
        String conversation = Api.await(() -> conversationWith(cy), c -> c != null).get("id").asText();
        assertEquals(204, API.admin("DELETE", "/api/stores/" + store + "/channels/" + connected.body().get("id").asText(), null).status());

        Api.Res reply = API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/messages",
                Map.of("text", "Yes, mediums are back in stock."));
        assertEquals(201, reply.status(), reply.raw());
        // the agent sees at once that it did not go out, and why, instead of a reply queued for ever
        JsonNode email = Api.await(() -> API.conversation(store, conversation).get("messages").get(1).get("email"),
                e -> e != null && !e.isNull() && "failed".equals(e.path("deliveryStatus").asText()));
        assertTrue(email.get("deliveryError").asText().contains("no longer connected"), email.toString());
    }

    @Test
    void theSameEmailDeliveredTwiceIsStoredOnceAndAutoRepliesAreNeverAnswered() {
        String bo = shopper();
        MimeMessage m = mail.email(bo, support, "Order", "How long does shipping take?", "dup-" + bo, Map.of());
        mail.deliver(support, m);
        mail.deliver(support, m);
        String conversation = conversationWith(bo).get("id").asText();
        pendingDraftOf(conversation);
        assertEquals(1, API.conversation(store, conversation).get("messages").size());

        String away = shopper();
        mail.deliver(support, mail.email(away, support, "Out of office", "How long does shipping take? I am away until Monday.",
                "ooo-" + away, Map.of("Auto-Submitted", "auto-replied")));
        String auto = conversationWith(away).get("id").asText();
        JsonNode message = API.conversation(store, auto).get("messages").get(0);
        assertTrue(message.get("email").get("automatic").asBoolean());
        // a later email of an ordinary shopper is answered, proving the queue moved on; the auto-reply got nothing
        String later = shopper();
        mail.deliver(support, mail.email(later, support, "Q", "How long does shipping take?", "later-" + later, Map.of()));
        pendingDraftOf(conversationWith(later).get("id").asText());
        for (JsonNode d : API.admin("GET", "/api/stores/" + store + "/drafts", null).body()) {
            assertNotEquals(auto, d.get("conversationId").asText());
        }
    }

    @Test
    void escalationAndTicketsWorkOnEmailAndTheSurveyGoesOutAsALink() throws Exception {
        String cy = shopper();
        mail.deliver(support, mail.email(cy, support, "Broken lamp", "My lamp arrived broken, I want to talk to a real person.",
                "esc-" + cy, Map.of()));
        String conversation = conversationWith(cy).get("id").asText();
        JsonNode escalated = Api.await(() -> API.conversation(store, conversation), c -> c.get("conversation").get("status").asText().equals("escalated"));
        assertEquals(1, escalated.get("messages").size(), "the escalation notice is not sent by itself");
        JsonNode ticket = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets", null).body(), l -> {
            for (JsonNode t : l) {
                if (t.get("conversationId").asText().equals(conversation)) {
                    return true;
                }
            }
            return false;
        });
        assertTrue(ticket.size() >= 1);
        JsonNode notice = pendingDraftOf(conversation);
        assertTrue(notice.get("body").asText().contains("ticket #"), notice.toString());

        assertEquals(200, API.admin("POST", "/api/stores/" + store + "/drafts/" + notice.get("id").asText() + "/discard", null).status());
        assertEquals(409, API.admin("POST", "/api/stores/" + store + "/drafts/" + notice.get("id").asText() + "/approve", null).status());

        // resolving sends the satisfaction survey as a link to the public page
        assertEquals(200, API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/resolve", null).status());
        MimeMessage survey = inboxOf(cy, 1).get(0);
        String body = (String) survey.getContent();
        String link = body.replaceAll("(?s).*?(/csat/\\S+).*", "$1").strip();
        assertTrue(link.startsWith("/csat/"), body);
        Api.Res page = API.send("GET", link, null);
        assertEquals(200, page.status());
        assertEquals("<esc-" + cy + ">", survey.getHeader("In-Reply-To", null));
    }

    @Test
    void erasingAShopperRedactsTheirEmailsAndAttachments() throws Exception {
        String di = shopper();
        MimeMessage m = mail.email(di, support, "Photo of my order 1042", "Here is the photo", "photo-" + di, Map.of());
        jakarta.mail.internet.MimeMultipart parts = new jakarta.mail.internet.MimeMultipart();
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("Here is the photo\n\nOn Monday Shop wrote:\n> your order", "UTF-8");
        jakarta.mail.internet.MimeBodyPart photo = new jakarta.mail.internet.MimeBodyPart();
        photo.setContent(new byte[] {1, 2, 3}, "image/jpeg");
        photo.setFileName("damage.jpg");
        parts.addBodyPart(text);
        parts.addBodyPart(photo);
        m.setContent(parts);
        m.saveChanges();
        m.setHeader("Message-ID", "<photo-" + di + ">");
        mail.deliver(support, m);
        String conversation = conversationWith(di).get("id").asText();
        JsonNode before = API.conversation(store, conversation).get("messages").get(0);
        assertEquals(1, before.get("attachments").size());
        assertEquals("damage.jpg", before.get("attachments").get(0).get("filename").asText());

        API.app().context().getBean(dev.handoff.app.conversation.ContactErasure.class).redactContact(java.util.UUID.fromString(store), di);
        JsonNode after = API.conversation(store, conversation).get("messages").get(0);
        assertEquals("[removed at the customer's request]", after.get("text").asText());
        assertTrue(after.get("subject").isNull());
        assertEquals(0, after.get("attachments").size());
        assertTrue(after.get("email").get("from").isNull());
        assertEquals("", after.get("email").get("quotedText").asText());
    }

    @Test
    void twoShoppersReplyingToTheSameNewsletterNeverShareAConversation() {
        String one = shopper();
        String two = shopper();
        String newsletter = "newsletter-" + UUID.randomUUID() + "@shop.test";
        for (String who : List.of(one, two)) {
            mail.deliver(support, mail.email(who, support, "Re: Our autumn sale", "Is the sale on boots too?", "nl-" + who,
                    Map.of("In-Reply-To", "<" + newsletter + ">", "References", "<" + newsletter + ">")));
        }
        assertNotEquals(conversationWith(one).get("id").asText(), conversationWith(two).get("id").asText());
        // and the same reply subject from the same shopper without reply headers continues their own conversation
        mail.deliver(support, mail.email(one, support, "Re: Our autumn sale", "Another question", "nl2-" + one, Map.of()));
        JsonNode again = Api.await(() -> API.conversation(store, conversationWith(one).get("id").asText()),
                c -> c.get("messages").findValues("text").stream().anyMatch(t -> t.asText().contains("Another question")));
        assertEquals(1, conversationsWith(one).size());
        JsonNode last = again.get("messages").get(again.get("messages").size() - 1);
        assertEquals("subject+participants", last.get("threading").get("rule").asText(), last.toString());
    }

    @Test
    void badConnectRequestsAreClearErrorsAndALostPasswordNeedsReauthorisation() {
        Api.Res missing = API.admin("POST", "/api/stores/" + store + "/channels", Map.of("kind", "imap", "email", "x@shop.test"));
        assertEquals(400, missing.status());
        assertTrue(missing.contentType().startsWith("application/problem+json"));
        String box = "lost-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        var user = mail.user(box, "right");
        Api.Res wrong = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "wrong"));
        assertEquals(422, wrong.status(), wrong.raw());
        assertTrue(wrong.body().get("detail").asText().contains("refused the login"));
        // STARTTLS chosen: this plain server (no STARTTLS offered) is refused before any password is sent, never used in plain
        Map<String, Object> starttls = new java.util.HashMap<>(mail.imapChannel(box, "right"));
        starttls.remove("tls");
        starttls.put("security", "starttls");
        Api.Res refused = API.admin("POST", "/api/stores/" + store + "/channels", starttls);
        assertEquals(422, refused.status(), refused.raw());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        starttls.put("security", "ssl");
        Api.Res unknown = API.admin("POST", "/api/stores/" + store + "/channels", starttls);
        assertEquals(400, unknown.status(), unknown.raw());
        assertTrue(unknown.body().get("detail").asText().contains("tls, starttls or none"), unknown.raw());

        API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("notifyEmails", List.of("owner@shop.test")));
        starttls.put("security", "none");
        Api.Res ok = API.admin("POST", "/api/stores/" + store + "/channels", starttls);
        assertEquals(201, ok.status(), ok.raw());
        String id = ok.body().get("id").asText();
        user.setPassword("changed");
        JsonNode account = Api.await(() -> {
            for (JsonNode a : API.admin("GET", "/api/stores/" + store + "/channels", null).body()) {
                if (a.get("id").asText().equals(id)) {
                    return a;
                }
            }
            return null;
        }, a -> a != null && a.get("status").asText().equals("needs_reauth"));
        assertFalse(account.get("statusDetail").asText().isBlank());
        Api.await(() -> API.admin("GET", "/api/stores/" + store + "/notifications", null).body(), n -> {
            for (JsonNode x : n) {
                if (x.get("event").asText().equals("channel_reauth") && x.get("subject").asText().contains(box)) {
                    return true;
                }
            }
            return false;
        });
        // reconnecting with the new password makes it active again
        Api.Res again = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "changed"));
        assertEquals(201, again.status(), again.raw());
        assertEquals(id, again.body().get("id").asText());
        assertEquals("active", again.body().get("status").asText());
        assertEquals(204, API.admin("DELETE", "/api/stores/" + store + "/channels/" + id, null).status());
        assertEquals(404, API.admin("DELETE", "/api/stores/" + store + "/channels/" + id, null).status());
    }
}
