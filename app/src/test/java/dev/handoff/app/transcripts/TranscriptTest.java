package dev.handoff.app.transcripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.MailStub;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Email transcripts of widget chats, on GreenMail: a shopper who asks gets one when the conversation is resolved, sent
 * from the store's own mailbox (SMTP of its IMAP channel), with the chat's lines and files as working links, once per
 * resolution (asking again after it was sent sends nothing; a reopened and resolved conversation gets a new one); {@code always} sends to a shopper who gave an email
 * without asking; {@code off} refuses the request; a store without a mailbox sends through the notification SMTP.
 */
class TranscriptTest {

    private static final Api API = TestApp.api();

    /** @return the messages sent to {@code to}, one per Message-ID (the mailbox files a copy of each in its Sent folder) */
    private static List<MimeMessage> received(Mailserver mail, String to) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        return Arrays.stream(mail.greenMail().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(to) && ids.add(m.getMessageID());
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static Api.Res request(Api.Visitor v, Object body) {
        return API.send("POST", "/api/widget/conversations/" + v.conversationId() + "/transcript", Api.json(body), "X-Visitor-Token", v.token());
    }

    private static Api.Res post(String store, String path) {
        return API.admin("POST", "/api/stores/" + store + path, null);
    }

    @Test
    void aShopperWhoAsksGetsOneTranscriptPerResolutionFromTheStoresMailbox() throws Exception {
        try (Mailserver mail = new Mailserver()) {
            Api.Store shop = API.createStore("Transcript Shop");
            String store = shop.id();
            String box = "help-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
            mail.user(box, "pw-t");
            assertEquals(201, API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-t")).status());
            Api.Res setting = API.admin("GET", "/api/stores/" + store + "/transcripts/settings", null);
            assertEquals(200, setting.status(), setting.raw());
            assertEquals("on_request", setting.body().get("mode").asText(), setting.raw());

            String shopper = "mia-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            Api.Visitor v = API.startConversation(shop.widgetKey(), "Mia", null);
            API.say(v, "Can I change the colour of my order 4411 to green?");
            API.settled(store, v.conversationId());
            Api.Res label = API.upload("/api/stores/" + store + "/conversations/" + v.conversationId() + "/attachments", "colours.pdf",
                    "application/pdf", "%PDF-1.4 colour chart".getBytes(), Map.of("text", "Yes, here are the colours."),
                    "Authorization", "Bearer " + API.adminToken());
            assertEquals(201, label.status(), label.raw());

            Api.Res bad = request(v, Map.of("email", "not-an-address"));
            assertEquals(400, bad.status(), bad.raw());
            assertTrue(bad.contentType().startsWith("application/problem+json"));
            assertEquals(400, request(v, Map.of()).status(), "no address known yet");
            Api.Res asked = request(v, Map.of("email", shopper));
            assertEquals(202, asked.status(), asked.raw());
            assertEquals("on-resolve", asked.body().get("when").asText());
            assertTrue(received(mail, shopper).isEmpty(), "nothing before the resolution");

            assertEquals(200, post(store, "/conversations/" + v.conversationId() + "/resolve").status());
            MimeMessage t = Api.await(() -> received(mail, shopper), l -> !l.isEmpty()).get(0);
            assertTrue(t.getFrom()[0].toString().contains(box), "from the store's mailbox: " + t.getFrom()[0]);
            assertTrue(t.getSubject().startsWith("Your chat with Transcript Shop"), t.getSubject());
            String text = String.valueOf(t.getContent()).replace("\r\n", "\n");
            assertTrue(text.contains("You:\nCan I change the colour of my order 4411 to green?"), text);
            assertTrue(text.contains("Transcript Shop support:\nYes, here are the colours."), text);
            assertTrue(!text.contains("Conversation resolved"), "system notices are left out: " + text);
            Matcher link = Pattern.compile("File: colours\\.pdf \\(\\d+ KB\\) (\\S+)").matcher(text);
            assertTrue(link.find(), text);
            String path = link.group(1).replaceFirst("^https?://[^/]+", "");
            var file = API.download(path);
            assertEquals(200, file.getKey());
            assertArrayEquals("%PDF-1.4 colour chart".getBytes(), file.getValue());
            assertEquals(404, API.download(path.substring(0, path.length() - 3) + "AAA").getKey(), "an altered link opens nothing");

            // asking again for the same resolution sends nothing more; a reopened and resolved conversation gets a new one
            Api.Res again = request(v, Map.of("email", shopper));
            assertEquals(202, again.status(), again.raw());
            assertEquals("now", again.body().get("when").asText());
            JsonNode sent = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/conversations/" + v.conversationId() + "/transcripts", null).body(),
                    l -> l.size() == 1 && l.get(0).get("status").asText().equals("sent"));
            assertEquals("imap:" + box, sent.get(0).get("sentVia").asText());
            assertEquals(1, received(mail, shopper).size());
            assertEquals(200, post(store, "/conversations/" + v.conversationId() + "/reopen").status());
            assertEquals(200, post(store, "/conversations/" + v.conversationId() + "/resolve").status());
            Api.await(() -> received(mail, shopper), l -> l.size() == 2);
        }
    }

    @Test
    void alwaysSendsWithoutAskingOffRefusesAndAStoreWithoutAMailboxUsesTheNotificationSmtp() {
        Api.Store shop = API.createStore("Always Shop");
        String store = shop.id();
        Api.Res bad = API.admin("PUT", "/api/stores/" + store + "/transcripts/settings", Map.of("mode", "sometimes"));
        assertEquals(400, bad.status());
        assertTrue(bad.body().get("detail").asText().contains("on_request"), bad.raw());
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/transcripts/settings", Map.of("mode", "always")).status());
        String shopper = "ned-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        Api.Visitor v = API.startConversation(shop.widgetKey(), "Ned", shopper);
        API.say(v, "Do you sell gift cards?");
        API.settled(store, v.conversationId());
        assertEquals(200, post(store, "/conversations/" + v.conversationId() + "/resolve").status());
        Api.await(() -> MailStub.subjectsFor(shopper), l -> l.size() == 1 && l.get(0).startsWith("Your chat with Always Shop"));
        assertTrue(MailStub.bodyOf(shopper, "Your chat with").contains("Do you sell gift cards?"));

        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/transcripts/settings", Map.of("mode", "off")).status());
        Api.Visitor w = API.startConversation(shop.widgetKey(), "Ola", "ola@example.com");
        Api.Res refused = request(w, Map.of());
        assertEquals(409, refused.status(), refused.raw());
        assertTrue(refused.body().get("detail").asText().contains("does not send chat transcripts"));
    }
}
