package dev.handoff.app.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.GmailStub;
import dev.handoff.app.support.GraphStub;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code provider-thread} threading rule on the providers' own thread ids, through the real SDKs against the loopback
 * stubs (in the style of {@link ThreadingFixturesTest}): a reply whose client dropped In-Reply-To and References joins
 * its conversation by Gmail {@code threadId} / Graph {@code conversationId}, and so does one whose In-Reply-To Exchange
 * rewrote; another shopper's mail in the same provider thread (a Cc'd colleague answering) never joins the first
 * shopper's conversation; a new subject without a reply prefix kept in the provider's thread starts a new conversation
 * ({@code changed-subject}). The decision is read back as {@code threading} on the message view.
 */
class ProviderThreadFixturesTest {

    private static final Api API = TestApp.api();

    private static String newStore(String name) {
        return API.createStore(name).id();
    }

    private static String shopper() {
        return "pt-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static byte[] raw(String from, String to, String subject, String text, String extraHeaders) {
        return OAuthChannelsTest.raw(from, to, subject, text, UUID.randomUUID() + "@mail.example", extraHeaders).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the stored customer message whose text contains {@code marker}, once ingested */
    private static JsonNode message(String store, String marker) {
        return Api.await(() -> {
            for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=50", null).body()) {
                for (JsonNode m : API.conversation(store, c.get("id").asText()).get("messages")) {
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

    /** Checks the three fixtures on one mailbox; {@code deliver} puts raw mail in the provider thread given. */
    private static void fixtures(String store, String box, java.util.function.BiConsumer<byte[], String> deliver, String thread) {
        String who = shopper();
        deliver.accept(raw(who, box, "Wrong size shoes", "The shoes from order 3310 are a size too small.", ""), thread);
        JsonNode first = message(store, "a size too small");
        assertEquals("new", first.get("threading").get("rule").asText());

        // the client dropped the reply headers: only the provider's thread ties it (it is tried before the subject)
        deliver.accept(raw(who, box, "Re: Wrong size shoes", "Can I exchange them for a 42 instead?", ""), thread);
        JsonNode reply = message(store, "exchange them for a 42");
        assertEquals("provider-thread", reply.get("threading").get("rule").asText(), reply.toString());
        assertEquals(first.get("id").asText(), reply.get("threading").get("matchedMessageId").asText());
        assertEquals(first.get("conversationId").asText(), reply.get("conversationId").asText());

        // Exchange-style rewritten In-Reply-To naming mail never stored: the provider's thread still decides
        deliver.accept(raw(who, box, "RE: Wrong size shoes", "Sent the old pair back today.",
                "In-Reply-To: <DM6PR-" + UUID.randomUUID() + "@namprd.outlook.com>\r\n"), thread);
        JsonNode rewritten = message(store, "old pair back today");
        assertEquals("provider-thread", rewritten.get("threading").get("rule").asText());
        assertEquals(first.get("conversationId").asText(), rewritten.get("conversationId").asText());

        // a colleague Cc'd on the thread writes in it: a conversation of their own
        String colleague = shopper();
        deliver.accept(raw(colleague, box, "RE: Wrong size shoes", "I ordered the same shoes, same problem.", ""), thread);
        JsonNode other = message(store, "same shoes, same problem");
        assertNotEquals(first.get("conversationId").asText(), other.get("conversationId").asText());
        assertNotEquals("provider-thread", other.get("threading").get("rule").asText());
        assertEquals(List.of("different-participants"), reasons(other).stream().distinct().toList(), other.toString());

        // the provider kept a new topic in the thread (a new subject without a reply prefix): a new conversation, as
        // Gmail itself starts a new thread when the subject changes
        deliver.accept(raw(who, box, "Gift card balance", "How much is left on my gift card?", ""), thread);
        JsonNode topic = message(store, "left on my gift card");
        assertEquals("new", topic.get("threading").get("rule").asText());
        assertTrue(reasons(topic).contains("changed-subject"), topic.toString());
        assertNotEquals(first.get("conversationId").asText(), topic.get("conversationId").asText());
    }

    @Test
    void gmailThreadIdThreadsAReplyWithoutReplyHeaders() {
        GmailStub gmail = GmailStub.shared();
        String store = newStore("Gmail Thread Shop");
        String box = "pt-" + UUID.randomUUID().toString().substring(0, 6) + "@gmail.test";
        OAuthChannelsTest.connect(store, "gmail", box);
        fixtures(store, box, (raw, thread) -> gmail.deliver(box, raw, thread), "18c" + Long.toHexString(System.nanoTime()));
    }

    @Test
    void graphConversationIdThreadsAReplyWithoutReplyHeaders() {
        GraphStub graph = GraphStub.shared();
        String store = newStore("Graph Thread Shop");
        String box = "pt-" + UUID.randomUUID().toString().substring(0, 6) + "@outlook.test";
        OAuthChannelsTest.connect(store, "outlook", box);
        fixtures(store, box, (raw, thread) -> graph.deliver(box, raw, thread),
                "AAQkAGI2TG93AAA" + UUID.randomUUID().toString().replace("-", ""));
    }
}
