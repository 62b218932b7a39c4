package dev.handoff.channels.mail;

import dev.handoff.channels.spi.ChannelKind;
import dev.handoff.channels.spi.InboundMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmailParserTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    static InboundMessage parse(String raw) {
        return EmailParser.parse(ChannelKind.imap, "acct", "1:1", null, raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), NOW);
    }

    /** @return {@code datasets/mime} of the shared directory beside the repository, if present */
    static Optional<Path> mimeDataset() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/mime");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Test
    void everyDatasetMessageIsReadWithNothingLost() throws IOException {
        Optional<Path> dir = mimeDataset();
        Assumptions.assumeTrue(dir.isPresent(), "SKIPPED: ../shared/datasets/mime is absent (a user's clone has no shared datasets)");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir.get())) {
            files = s.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
        assertEquals(52, files.size());
        Set<String> keys = new HashSet<>();
        for (Path f : files) {
            byte[] raw = Files.readAllBytes(f);
            InboundMessage m = EmailParser.parse(ChannelKind.imap, "acct", "1:" + f.getFileName(), null, raw, NOW);
            String name = f.getFileName().toString();
            assertNotNull(m.text(), name);
            boolean readable = m.email().parseError() == null || m.email().raw() != null;
            assertTrue(readable, name + ": a message read only in part keeps its raw bytes");
            boolean hasContent = !m.text().isBlank() || !m.attachments().isEmpty() || m.email().parseError() != null
                    || m.html() != null || name.equals("bad_date_header.eml");
            assertTrue(hasContent, name + " lost its content");
            keys.add(m.providerMessageId());
        }
        // copies of one message (same Message-ID, sender, date, subject and text; only header syntax differs) are one:
        // rfc2822 example01/05/09 (09 is the delivered copy), example03/11, raw_email6/10, the two illegal-boundary files
        assertEquals(files.size() - 5, keys.size());
    }

    @Test
    void encodedWordsCharsetsAndUtf8Headers() {
        InboundMessage m = parse("""
                From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.com>
                To: shop@example.com
                Subject: =?UTF-8?B?w4ljaGFuZ2U=?= of my =?ISO-2022-JP?B?GyRCJF4kXyRgGyhC?=
                Message-ID: <a1@example.com>
                Content-Type: text/plain; charset=windows-1252
                Content-Transfer-Encoding: quoted-printable

                Caf=E9 au lait =80 5
                """);
        assertEquals("André", m.sender().name());
        assertEquals("andre@example.com", m.sender().email());
        assertEquals("Échange of my まみむ", m.subject());
        assertEquals("Café au lait € 5", m.text());
        assertTrue(m.providerMessageId().startsWith("a1@example.com#"));
    }

    @Test
    void inlineImagesWithoutDispositionAndEmptyAttachmentsAreKept() {
        InboundMessage m = parse("""
                From: ana@example.com
                Subject: photo
                Message-ID: <p1@example.com>
                Content-Type: multipart/related; boundary="b1"

                --b1
                Content-Type: text/html; charset=UTF-8

                <p>It arrived <b>broken</b>:<img src="cid:img1"><img src="https://tracker.example/pixel.gif"></p><script>alert(1)</script>
                --b1
                Content-Type: image/png
                Content-ID: <img1>
                Content-Transfer-Encoding: base64

                iVBORw0KGgo=
                --b1
                Content-Type: application/pdf; name="empty.pdf"
                Content-Disposition: attachment; filename="empty.pdf"

                --b1--
                """);
        assertEquals("It arrived broken:", m.text());
        assertEquals(2, m.attachments().size());
        assertEquals("image/png", m.attachments().get(0).contentType());
        assertEquals("img1", m.attachments().get(0).contentId());
        assertEquals(8, m.attachments().get(0).content().length);
        assertEquals("empty.pdf", m.attachments().get(1).filename());
        assertEquals(0, m.attachments().get(1).content().length);
        assertFalse(m.html().contains("script"));
        assertTrue(m.html().contains("src=\"cid:img1\""));
        assertTrue(m.html().contains(HtmlText.REMOTE_SRC + "=\"https://tracker.example/pixel.gif\""));
        assertFalse(m.html().contains(" src=\"https://tracker"), "no remote loads without consent");
    }

    @Test
    void quotedHistoryAndSignaturesAreSeparated() {
        InboundMessage gmail = parse("""
                From: ana@example.com
                Subject: Re: order
                Message-ID: <q1@example.com>
                Content-Type: text/plain; charset=UTF-8

                Where is my order #1234?

                On Mon, 16 Nov 2026 at 10:00, Shop <shop@example.com>
                wrote:
                > Thanks for your order!
                """);
        assertEquals("Where is my order #1234?", gmail.text());
        assertTrue(gmail.email().quotedText().contains("Thanks for your order"));

        QuotedText.Split outlook = QuotedText.split("It still has not arrived.\n\nBest,\nBo\n\nFrom: Shop <shop@example.com>\n"
                + "Sent: Monday, November 16, 2026 10:00 AM\nTo: Bo\nSubject: Your order\n\nThanks!");
        assertEquals("It still has not arrived.\n\nBest,\nBo", outlook.fresh());
        assertTrue(outlook.quoted().startsWith("From: Shop"));

        QuotedText.Split signature = QuotedText.split("Do you ship to Canada?\n-- \nCarla Jones\nCEO, Example Ltd");
        assertEquals("Do you ship to Canada?", signature.fresh());

        QuotedText.Split onlyQuote = QuotedText.split("> everything is quoted");
        assertEquals("> everything is quoted", onlyQuote.fresh(), "a message that is all quote keeps its text");
    }

    @Test
    void htmlOnlyRepliesDropTheQuotedBlock() {
        InboundMessage m = parse("""
                From: ana@example.com
                Subject: Re: x
                Message-ID: <h1@example.com>
                Content-Type: text/html; charset=UTF-8

                <div>Yes please, refund it.</div><div class="gmail_quote">On Monday Shop wrote:<blockquote>Shall we refund?</blockquote></div>
                """);
        assertEquals("Yes please, refund it.", m.text());
        assertTrue(m.email().quotedText().contains("Shall we refund?"));
    }

    @Test
    void bouncesAndAutoRepliesAreMarkedAutomatic() {
        assertTrue(parse("""
                From: ana@example.com
                Subject: Out of office
                Auto-Submitted: auto-replied
                Message-ID: <o1@example.com>

                I am away.
                """).automatic());
        assertTrue(parse("""
                From: MAILER-DAEMON@example.com
                Subject: Undelivered
                Message-ID: <b1@example.com>
                Content-Type: multipart/report; report-type=delivery-status; boundary="r"

                --r
                Content-Type: text/plain

                Delivery failed.
                --r--
                """).automatic());
        assertFalse(parse("""
                From: ana@example.com
                Subject: Hi
                Auto-Submitted: no
                Message-ID: <n1@example.com>

                Hello
                """).automatic());
    }

    @Test
    void garbageIsKeptRawWithTheReason() {
        byte[] garbage = new byte[EmailParser.MAX_BYTES + 1];
        InboundMessage big = EmailParser.parse(ChannelKind.imap, "a", "1", null, garbage, NOW);
        assertNotNull(big.email().parseError());
        assertEquals(garbage.length, big.email().raw().length);
        assertTrue(big.text().startsWith("(This email could not be read"));
        assertNull(big.email().messageId());
        InboundMessage noId = parse("From: x@example.com\nSubject: none\n\nbody");
        assertTrue(noId.providerMessageId().startsWith("sha256:"));
    }
}
