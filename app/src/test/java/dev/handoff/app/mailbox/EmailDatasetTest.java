package dev.handoff.app.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.GmailStub;
import dev.handoff.app.support.GraphStub;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import dev.handoff.channels.mail.EmailParser;
import dev.handoff.channels.spi.ChannelKind;
import dev.handoff.channels.spi.InboundMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every message of {@code ../shared/datasets/mime} (52 real-world emails that mail parsers tripped on) goes
 * through each email channel into a conversation with nothing lost: sender, subject, readable text and
 * every attachment, or, where it cannot be read, the reason with the raw message kept. Copies of one
 * message (same Message-ID and content) are stored once.
 */
class EmailDatasetTest {

    private static final Api API = TestApp.api();
    private static final Map<String, byte[]> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        Optional<Path> dir = Optional.empty();
        for (Path p = Path.of("").toAbsolutePath(); p != null && dir.isEmpty(); p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/datasets/mime"))) {
                dir = Optional.of(p.resolve("shared/datasets/mime"));
            }
        }
        Assumptions.assumeTrue(dir.isPresent(), "SKIPPED: ../shared/datasets/mime is absent (a user's clone has no shared datasets)");
        try (Stream<Path> s = Files.walk(dir.get())) {
            for (Path f : s.filter(x -> x.toString().endsWith(".eml")).sorted().toList()) {
                FILES.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
    }

    /** What each distinct message must look like once stored. */
    private record Expected(String file, String subject, String text, int attachments, boolean parseError) {
    }

    private static Map<String, Expected> expected(List<String> except) {
        Map<String, Expected> byKey = new LinkedHashMap<>();
        FILES.forEach((name, raw) -> {
            if (except.contains(name)) {
                return;
            }
            InboundMessage m = EmailParser.parse(ChannelKind.imap, "x", "x", null, raw, Instant.now());
            byKey.putIfAbsent(m.providerMessageId(), new Expected(name, m.subject(), m.text(), m.attachments().size(),
                    m.email().parseError() != null));
        });
        return byKey;
    }

    private static List<JsonNode> storedMessages(String store) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=200", null).body()) {
            for (JsonNode m : API.conversation(store, c.get("id").asText()).get("messages")) {
                if (m.get("author").asText().equals("customer")) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static void assertNothingLost(String store, String channel, List<String> except) {
        Map<String, Expected> expected = expected(except);
        List<JsonNode> stored = Api.await(() -> storedMessages(store), l -> l.size() >= expected.size());
        assertEquals(expected.size(), stored.size(), channel + ": one stored message per distinct email");
        Map<String, Integer> unmatched = new HashMap<>();
        for (Expected e : expected.values()) {
            boolean found = stored.stream().anyMatch(m -> m.get("text").asText().equals(e.text())
                    && java.util.Objects.equals(m.get("subject").asText(null), e.subject())
                    && m.get("attachments").size() == e.attachments()
                    && (m.get("email").get("parseError").isNull() != e.parseError()));
            if (!found) {
                unmatched.merge(e.file(), 1, Integer::sum);
            }
        }
        assertTrue(unmatched.isEmpty(), channel + ": stored differently from what the email says: " + unmatched.keySet());
        for (JsonNode m : stored) {
            for (JsonNode a : m.get("attachments")) {
                Api.Res file = API.send("GET", "/api/stores/" + store + "/attachments/" + a.get("id").asText(), null,
                        "Authorization", "Bearer " + API.adminToken());
                assertEquals(200, file.status());
                assertTrue(file.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
                assertEquals(a.get("sizeBytes").asLong(), file.headers().firstValueAsLong("Content-Length").orElse(0));
            }
        }
        for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=200", null).body()) {
            assertEquals(channel, c.get("channel").asText());
        }
    }

    private static String store(String name) {
        return API.createStore(name).id();
    }

    @Test
    void throughGmail() {
        String store = store("Dataset Gmail");
        String box = "dataset-" + UUID.randomUUID().toString().substring(0, 6) + "@gmail.test";
        OAuthChannelsTest.connect(store, "gmail", box);
        FILES.values().forEach(raw -> GmailStub.shared().deliver(box, raw, null));
        assertNothingLost(store, "gmail", List.of());
    }

    @Test
    void throughOutlook() {
        String store = store("Dataset Outlook");
        String box = "dataset-" + UUID.randomUUID().toString().substring(0, 6) + "@outlook.test";
        OAuthChannelsTest.connect(store, "outlook", box);
        FILES.values().forEach(raw -> GraphStub.shared().deliver(box, raw, null));
        assertNothingLost(store, "outlook", List.of());
    }

    @Test
    void throughImap() {
        try (Mailserver mail = new Mailserver()) {
            String store = store("Dataset IMAP");
            String box = "dataset@imap.test";
            mail.user(box, "pw");
            assertEquals(201, API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw")).status());
            List<String> refused = new ArrayList<>();
            FILES.forEach((name, raw) -> {
                try {
                    mail.deliverRaw(box, raw);
                } catch (IllegalStateException e) {
                    refused.add(name);
                }
            });
            // GreenMail (the test server, not Handoff) cannot store a message with two Content-Disposition headers
            assertEquals(List.of("multiple_invalid_content_dispositions.eml"), refused);
            assertNothingLost(store, "imap", refused);
        }
    }
}
