package dev.handoff.app.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threading on the published behaviours shared inboxes get wrong, through the {@code imap} channel on GreenMail, with
 * the reason each email was threaded read back from the API ({@code threading} on the message view): RFC 5322
 * Appendix A.2 replies, an Apple Mail reply to an agent's answer, Outlook rewriting In-Reply-To (with and without
 * References), a reply with a new subject that starts a new topic, a newsletter answered by many, a forwarded thread.
 * Apple Mail headers come from {@code ../shared/datasets/mime} when it is present (that case skips otherwise).
 */
class ThreadingFixturesTest {

    private static final Api API = TestApp.api();
    private static Mailserver mail;
    private static String store;
    private static String support;

    @BeforeAll
    static void setUp() {
        mail = new Mailserver();
        store = API.createStore("Threading Shop").id();
        support = "threads-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(support, "pw-1");
        Api.Res r = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(support, "pw-1"));
        assertEquals(201, r.status(), r.raw());
    }

    @AfterAll
    static void tearDown() {
        mail.close();
    }

    private static String shopper() {
        return "shopper-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** @return a minimal RFC 5322 message */
    private static byte[] raw(String from, String subject, String messageId, String extraHeaders, String body) {
        return ("From: " + from + "\r\nTo: " + support + "\r\nSubject: " + subject + "\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <" + messageId + ">\r\n" + extraHeaders + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> conversationsOf(String email) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=200", null).body()) {
            if (email.equals(c.get("contact").get("email").asText(null))) {
                out.add(API.conversation(store, c.get("id").asText()));
            }
        }
        return out;
    }

    /** @return the stored customer message whose text contains {@code marker}, once ingested */
    private static JsonNode message(String email, String marker) {
        return Api.await(() -> {
            for (JsonNode c : conversationsOf(email)) {
                for (JsonNode m : c.get("messages")) {
                    if (m.get("author").asText().equals("customer") && m.get("text").asText().contains(marker)) {
                        return m;
                    }
                }
            }
            return null;
        }, m -> m != null);
    }

    private static List<String> reasons(JsonNode message) {
        List<String> out = new ArrayList<>();
        message.get("threading").get("rejected").forEach(r -> out.add(r.get("reason").asText()));
        return out;
    }

    @Test
    void rfc5322ReplyToAReplyThreadsByReferencesWhenInReplyToIsUnknown() {
        String who = shopper();
        String root = "root-" + UUID.randomUUID() + "@machine.example";
        mail.deliverRaw(support, raw(who, "Saying Hello", root, "", "This is a message just to say hello. So, \"Hello\"."));
        JsonNode first = message(who, "just to say hello");
        assertEquals("new", first.get("threading").get("rule").asText());
        // RFC 5322 A.2: the reply to a reply names the middle message (never seen here) and the root in References
        mail.deliverRaw(support, raw(who, "Re: Saying Hello", "abcd-" + UUID.randomUUID() + "@local.machine.tld",
                "In-Reply-To: <3456-" + UUID.randomUUID() + "@example.net>\r\nReferences: <" + root + "> <3456@example.net>\r\n",
                "This is a reply to your reply."));
        JsonNode reply = message(who, "reply to your reply");
        assertEquals("references", reply.get("threading").get("rule").asText());
        assertEquals(first.get("id").asText(), reply.get("threading").get("matchedMessageId").asText());
        assertEquals(first.get("conversationId").asText(), reply.get("conversationId").asText());
    }

    @Test
    void appleMailReplyToTheAgentsAnswerThreadsByInReplyTo() throws IOException {
        Optional<Path> apple = dataset("plain_emails/basic_email.eml");
        Assumptions.assumeTrue(apple.isPresent(), "SKIPPED: ../shared/datasets/mime is absent (Apple Mail fixture)");
        String who = shopper();
        mail.deliverRaw(support, raw(who, "Testing 123", "q-" + UUID.randomUUID() + "@example.com", "", "Is my lamp in stock?"));
        JsonNode question = message(who, "lamp in stock");
        String conversation = question.get("conversationId").asText();
        Api.Res sent = API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/messages",
                Map.of("text", "Yes, it ships tomorrow."));
        assertEquals(201, sent.status(), sent.raw());
        String ours = Api.await(() -> {
            for (JsonNode m : API.conversation(store, conversation).get("messages")) {
                if (m.get("author").asText().equals("agent") && m.get("email") != null && !m.get("email").isNull()
                        && "sent".equals(m.get("email").get("deliveryStatus").asText(null))) {
                    return m.get("email").get("messageId").asText();
                }
            }
            return null;
        }, id -> id != null);
        // the dataset's Apple Mail message (Apple Message framework, format=flowed, Message-Id spelling) as the reply
        String text = Files.readString(apple.get(), StandardCharsets.ISO_8859_1)
                .replaceFirst("(?m)^From: .*$", "From: " + who)
                .replaceFirst("(?m)^To: .*$", "To: " + support)
                .replaceFirst("(?m)^Subject: .*$", "Subject: Re: Testing 123\nIn-Reply-To: <" + ours + ">\nReferences: <" + ours + ">")
                .replaceFirst("(?m)^Message-Id: .*$", "Message-Id: <" + UUID.randomUUID() + "@test.lindsaar.net>")
                .replace("Plain email.", "Plain email. Thanks for the lamp answer.");
        mail.deliverRaw(support, text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        JsonNode reply = message(who, "lamp answer");
        assertEquals("in-reply-to", reply.get("threading").get("rule").asText());
        assertEquals(conversation, reply.get("conversationId").asText());
        assertEquals(1, conversationsOf(who).size());
    }

    @Test
    void outlookRewritingInReplyToStillThreadsByReferencesOrBySubject() {
        String who = shopper();
        String root = "order-" + UUID.randomUUID() + "@example.com";
        mail.deliverRaw(support, raw(who, "Order 1001 damaged", root, "", "The vase arrived broken."));
        JsonNode first = message(who, "vase arrived broken");
        String outlook = "Thread-Topic: Order 1001 damaged\r\nThread-Index: AdlQ2hX3k7mZ0m1bQ0q3p2n1o0k9hA==\r\n"
                + "X-Mailer: Microsoft Outlook 16.0\r\n";
        // Exchange rewrote In-Reply-To to an id of its own; References still carries the original
        mail.deliverRaw(support, raw(who, "RE: Order 1001 damaged", "ol1-" + UUID.randomUUID() + "@EXCH.example.com",
                outlook + "In-Reply-To: <DM6PR-" + UUID.randomUUID() + "@namprd.outlook.com>\r\nReferences: <" + root + ">\r\n",
                "Photos attached next time."));
        JsonNode byReferences = message(who, "Photos attached");
        assertEquals("references", byReferences.get("threading").get("rule").asText());
        // no References at all: the subject, the same shopper and mailbox, within the window
        mail.deliverRaw(support, raw(who, "RE: Order 1001 damaged", "ol2-" + UUID.randomUUID() + "@EXCH.example.com",
                outlook + "In-Reply-To: <DM6PR-" + UUID.randomUUID() + "@namprd.outlook.com>\r\n", "Any news on the refund?"));
        JsonNode bySubject = message(who, "news on the refund");
        assertEquals("subject+participants", bySubject.get("threading").get("rule").asText());
        assertEquals(336, bySubject.get("threading").get("windowHours").asInt());
        assertEquals(first.get("conversationId").asText(), bySubject.get("conversationId").asText());
        assertEquals(1, conversationsOf(who).size());
    }

    @Test
    void aReplyWithANewSubjectStartsANewTopic() {
        String who = shopper();
        String root = "old-" + UUID.randomUUID() + "@example.com";
        mail.deliverRaw(support, raw(who, "Where is order 1002?", root, "", "Still waiting for order 1002."));
        JsonNode first = message(who, "Still waiting");
        mail.deliverRaw(support, raw(who, "Gift wrapping for a new order", "new-" + UUID.randomUUID() + "@example.com",
                "In-Reply-To: <" + root + ">\r\nReferences: <" + root + ">\r\n", "Can you gift wrap my next order?"));
        JsonNode topic = message(who, "gift wrap");
        assertEquals("new", topic.get("threading").get("rule").asText());
        assertEquals(List.of("changed-subject"), reasons(topic));
        assertEquals(first.get("conversationId").asText(), topic.get("threading").get("rejected").get(0).get("conversationId").asText());
        assertTrue(!first.get("conversationId").asText().equals(topic.get("conversationId").asText()));
    }

    @Test
    void aNewsletterAnsweredByManyGivesEachShopperTheirOwnConversation() {
        String newsletter = "nl-" + UUID.randomUUID() + "@news.shop.test";
        mail.deliverRaw(support, ("From: news@shop.test\r\nTo: " + support + "\r\nSubject: Autumn sale\r\nMessage-ID: <" + newsletter + ">\r\n"
                + "Precedence: bulk\r\nList-Unsubscribe: <mailto:unsubscribe@shop.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain\r\n\r\nEverything 20% off this week.\r\n").getBytes(StandardCharsets.UTF_8));
        message("news@shop.test", "20% off");
        List<String> conversations = new ArrayList<>();
        List<String> people = List.of(shopper(), shopper(), shopper());
        for (String who : people) {
            mail.deliverRaw(support, raw(who, "Re: Autumn sale", "r-" + UUID.randomUUID() + "@example.com",
                    "In-Reply-To: <" + newsletter + ">\r\nReferences: <" + newsletter + ">\r\n", "Does the sale include boots? " + who));
        }
        for (String who : people) {
            JsonNode m = message(who, "include boots? " + who);
            assertEquals("new", m.get("threading").get("rule").asText());
            assertEquals(List.of("bulk-sender"), reasons(m));
            conversations.add(m.get("conversationId").asText());
        }
        assertEquals(3, conversations.stream().distinct().count());
        // one shopper answering another's message (Cc'd) is not threaded into the other's conversation
        String other = people.get(1);
        String firstId = API.conversation(store, conversations.get(0)).get("messages").get(0).get("email").get("messageId").asText();
        mail.deliverRaw(support, raw(other, "Re: Autumn sale", "cc-" + UUID.randomUUID() + "@example.com",
                "In-Reply-To: <" + firstId + ">\r\n", "Me too, boots please."));
        JsonNode cc = message(other, "boots please");
        assertEquals("subject+participants", cc.get("threading").get("rule").asText());
        assertEquals(conversations.get(1), cc.get("conversationId").asText());
        assertTrue(reasons(cc).contains("different-participants"), cc.toString());
    }

    @Test
    void aForwardedThreadStartsANewConversation() {
        String who = shopper();
        mail.deliverRaw(support, raw(who, "Where is order 1003?", "w-" + UUID.randomUUID() + "@example.com", "", "Order 1003 is late."));
        message(who, "1003 is late");
        // a forward carries no reply headers; the forwarded mail is quoted in the body
        mail.deliverRaw(support, raw(who, "Fwd: Your order 1003 has shipped", "f-" + UUID.randomUUID() + "@example.com", "",
                "See below, the tracking link does not work.\r\n\r\n---------- Forwarded message ---------\r\nFrom: orders@shop.test\r\n"
                        + "Subject: Your order 1003 has shipped\r\n\r\nTrack it here."));
        JsonNode fwd = message(who, "tracking link does not work");
        assertEquals("new", fwd.get("threading").get("rule").asText());
        assertEquals(2, conversationsOf(who).size());
    }

    private static Optional<Path> dataset(String file) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("shared/datasets/mime").resolve(file);
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
