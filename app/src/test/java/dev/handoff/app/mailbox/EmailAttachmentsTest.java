package dev.handoff.app.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.GmailStub;
import dev.handoff.app.support.GraphStub;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent's file on an email conversation goes out as a MIME attachment of the reply, through each kind of mailbox:
 * SMTP (GreenMail), Gmail ({@code messages.send} with the raw MIME, loopback stub) and Outlook (Graph
 * {@code fileAttachment} on the reply draft, loopback stub), the bytes unchanged; a file over a mailbox's limit is a
 * 413 problem that says the limit, and nothing is stored.
 */
class EmailAttachmentsTest {

    private static final Api API = TestApp.api();
    /** A small PDF: the upload rules check the leading bytes. */
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private static String newStore(String name) {
        return API.createStore(name).id();
    }

    private static String conversationOf(String store, String email) {
        return Api.await(() -> {
            for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=50", null).body()) {
                if (email.equals(c.get("contact").get("email").asText(null))) {
                    return c.get("id").asText();
                }
            }
            return null;
        }, id -> id != null);
    }

    private static Api.Res upload(String store, String conversation, String name, String type, byte[] content) {
        return API.upload("/api/stores/" + store + "/conversations/" + conversation + "/attachments", name, type, content,
                Map.of("text", "Here is your return label."), "Authorization", "Bearer " + API.adminToken());
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    /** @return the message's attachment part named {@code name} */
    private static BodyPart attachment(MimeMessage m, String name) throws Exception {
        assertTrue(m.getContentType().startsWith("multipart/mixed"), m.getContentType());
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertTrue(parts.getBodyPart(0).getContent().toString().contains("Here is your return label."));
        for (int i = 1; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            if (name.equals(p.getFileName())) {
                assertEquals(Part.ATTACHMENT, p.getDisposition());
                return p;
            }
        }
        throw new AssertionError("no attachment " + name + " in " + m.getContentType());
    }

    @Test
    void smtpSendsTheFileAsAMimeAttachment() throws Exception {
        try (Mailserver mail = new Mailserver()) {
            String store = newStore("Attach SMTP Shop");
            String box = "attach-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
            mail.user(box, "pw-a");
            assertEquals(201, API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-a")).status());
            String shopper = "lena-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            mail.deliver(box, mail.email(shopper, box, "Return", "How do I send the kettle back?", UUID.randomUUID() + "@example.com", Map.of()));
            String conversation = conversationOf(store, shopper);

            Api.Res sent = upload(store, conversation, "return label.pdf", "application/pdf", PDF);
            assertEquals(201, sent.status(), sent.raw());
            MimeMessage out = Api.await(() -> Arrays.stream(mail.greenMail().getReceivedMessages()).filter(m -> {
                try {
                    return m.getAllRecipients()[0].toString().equals(shopper);
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElse(null), m -> m != null);
            BodyPart file = attachment(parse(bytes(out)), "return label.pdf");
            assertEquals("application/pdf", file.getContentType().split(";")[0].strip());
            assertArrayEquals(PDF, file.getInputStream().readAllBytes());
            JsonNode msg = Api.await(() -> API.conversation(store, conversation).get("messages"),
                    ms -> java.util.stream.StreamSupport.stream(ms.spliterator(), false)
                            .anyMatch(m -> "sent".equals(m.path("email").path("deliveryStatus").asText(null))));
            assertNotNull(msg);
        }
    }

    private static byte[] bytes(MimeMessage m) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void gmailSendsTheFileInTheRawMessage() throws Exception {
        GmailStub gmail = GmailStub.shared();
        String store = newStore("Attach Gmail Shop");
        String box = "attach-" + UUID.randomUUID().toString().substring(0, 6) + "@gmail.test";
        OAuthChannelsTest.connect(store, "gmail", box);
        String shopper = "omar-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        gmail.deliver(box, OAuthChannelsTest.raw(shopper, box, "Invoice", "Can I get the invoice again?", UUID.randomUUID() + "@example.com", "")
                .getBytes(StandardCharsets.UTF_8), null);
        String conversation = conversationOf(store, shopper);
        byte[] png = Api.PNG;
        Api.Res sent = upload(store, conversation, "receipt.png", "image/png", png);
        assertEquals(201, sent.status(), sent.raw());
        GmailStub.Msg out = Api.await(() -> gmail.sent(box).stream().filter(m -> new String(m.raw(), StandardCharsets.UTF_8).contains(shopper))
                .findFirst().orElse(null), m -> m != null);
        BodyPart file = attachment(parse(out.raw()), "receipt.png");
        assertArrayEquals(png, file.getInputStream().readAllBytes());
    }

    @Test
    void outlookAddsTheFileToTheReplyAndRefusesFilesOverItsLimit() {
        GraphStub graph = GraphStub.shared();
        String store = newStore("Attach Outlook Shop");
        String box = "attach-" + UUID.randomUUID().toString().substring(0, 6) + "@outlook.test";
        OAuthChannelsTest.connect(store, "outlook", box);
        String shopper = "ines-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        graph.deliver(box, OAuthChannelsTest.raw(shopper, box, "Label", "Please send the return label.", UUID.randomUUID() + "@example.com", "")
                .getBytes(StandardCharsets.UTF_8), null);
        String conversation = conversationOf(store, shopper);
        int before = API.conversation(store, conversation).get("messages").size();

        byte[] big = new byte[3 * 1024 * 1024 + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        Api.Res refused = upload(store, conversation, "catalogue.pdf", "application/pdf", big);
        assertEquals(413, refused.status(), refused.raw());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertTrue(refused.body().get("detail").asText().contains("at most 3 MB"), refused.raw());
        assertEquals(before, API.conversation(store, conversation).get("messages").size(), "nothing stored");

        Api.Res sent = upload(store, conversation, "label.pdf", "application/pdf", PDF);
        assertEquals(201, sent.status(), sent.raw());
        GraphStub.Draft out = Api.await(() -> graph.sent(box).stream().filter(d -> d.body().contains("return label")).findFirst().orElse(null),
                d -> d != null);
        List<JsonNode> files = graph.attachments(box, out.id());
        assertEquals(1, files.size(), files.toString());
        assertEquals("label.pdf", files.get(0).get("name").asText());
        assertEquals("application/pdf", files.get(0).get("contentType").asText());
        assertArrayEquals(PDF, Base64.getDecoder().decode(files.get(0).get("contentBytes").asText()));
    }
}
