package dev.handoff.app.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.ElasticsearchNode;
import dev.handoff.app.support.FlakyProxy;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole app on {@code handoff.search.backend=elasticsearch}, with a real node behind a proxy the
 * test takes down: the assistant keeps answering from the FAQ (embedded fallback), merchant search
 * falls back to PostgreSQL, both say so in the response and the metrics, writes made during the
 * outage reach Elasticsearch when it returns, and a full reindex swaps the alias to a new version.
 */
class ElasticsearchBackendTest {

    private static FlakyProxy proxy;
    private static HandoffBootstrap.RunningHandoff app;
    private static Api api;
    private static String store;
    private static final String PREFIX = "app" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        proxy = new FlakyProxy(URI.create(ElasticsearchNode.url()).getPort());
        app = TestApp.start(TestApp.tempDir(), Map.of("handoff.search.backend", "elasticsearch",
                "handoff.search.elasticsearch.url", "http://127.0.0.1:" + proxy.port(),
                "handoff.search.elasticsearch.index-prefix", PREFIX,
                "handoff.search.retry-delay", "1s"));
        api = new Api("http://127.0.0.1:" + app.port(), app);
        store = api.storeId("demo");
    }

    @AfterAll
    static void stop() {
        app.close();
        proxy.close();
    }

    private static JsonNode search(String text) {
        return api.admin("GET", "/api/stores/" + store + "/search?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8), null).body();
    }

    private static List<String> ids(JsonNode results) {
        List<String> out = new ArrayList<>();
        results.get("results").forEach(r -> out.add(r.get("conversation").get("id").asText()));
        return out;
    }

    private static JsonNode lastReply(String conversationId) {
        JsonNode messages = api.settled(store, conversationId).get("messages");
        return messages.get(messages.size() - 1);
    }

    private static double fallbacks(String index) {
        JsonNode metric = api.admin("GET", "/metrics/handoff.search.fallback?tag=index:" + index, null).body();
        return metric.has("measurements") ? metric.get("measurements").get(0).get("value").asDouble() : 0;
    }

    @Test
    void anOutageLosesNothingAndTheAppKeepsServing() {
        Api.Visitor before = api.startConversation("demo", "Ines Duarte", "ines@example.com");
        api.say(before, "can you deliver to the UK?");
        assertEquals("faq", lastReply(before.conversationId()).get("source").asText());
        JsonNode found = Api.await(() -> search("deliver"), r -> ids(r).contains(before.conversationId()));
        assertEquals("elasticsearch", found.get("backend").asText());

        proxy.takeDown();
        try {
            Api.Visitor during = api.startConversation("demo", "Oskar Lind", "oskar@example.com");
            assertEquals(201, api.say(during, "can you deliver to the UK?").status());
            JsonNode reply = lastReply(during.conversationId());
            assertEquals("faq", reply.get("source").asText(), "FAQ answers come from the embedded index during the outage");
            assertTrue(fallbacks("faq") >= 1);
            assertEquals(201, api.say(during, "I'd like to buy a kayak paddle too").status());
            api.settled(store, during.conversationId());

            JsonNode fallback = search("kayak paddle");
            assertEquals("postgresql", fallback.get("backend").asText());
            assertEquals(List.of(during.conversationId()), ids(fallback));
            assertTrue(fallback.get("results").get(0).get("snippet").asText().contains("<mark>kayak</mark>"), fallback.toString());
            assertTrue(fallbacks("conversations") >= 1);
            // the customer's address finds their conversations, though no message of theirs contains it
            JsonNode byEmail = search("Oskar@Example.com");
            assertEquals("postgresql", byEmail.get("backend").asText());
            assertEquals(List.of(during.conversationId()), ids(byEmail));

            JsonNode created = api.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you sell kayak paddles?",
                    "answer", "Yes, carbon and aluminium paddles from 89 EUR.")).body();
            assertTrue(created.has("id"), "FAQ edits are accepted during the outage: " + created);
            Api.Visitor paddles = api.startConversation("demo", null, null);
            api.say(paddles, "do you sell kayak paddles?");
            assertEquals(created.get("id").asText(), lastReply(paddles.conversationId()).get("citedFaqIds").get(0).asText());

            proxy.bringBack();
            JsonNode caughtUp = Api.await(() -> search("kayak paddle"),
                    r -> r.get("backend").asText().equals("elasticsearch") && ids(r).contains(during.conversationId()));
            assertEquals("elasticsearch", caughtUp.get("backend").asText());
            ElasticsearchFaqIndex remote = app.context().getBean(ElasticsearchFaqIndex.class);
            Api.await(remote::indexedVersions, v -> v.containsKey(UUID.fromString(created.get("id").asText())));
        } finally {
            proxy.bringBack();
        }
    }

    @Test
    void aFullReindexSwapsTheAliasToANewVersion() {
        Api.Visitor v = api.startConversation("demo", "Reindex Person", "reindex@example.com");
        api.say(v, "my snorkel mask leaks");
        api.settled(store, v.conversationId());
        Api.await(() -> search("snorkel"), r -> ids(r).contains(v.conversationId()));
        ElasticsearchIndices indices = app.context().getBean(ElasticsearchIndices.class);
        String before = aliasTarget(indices, ElasticsearchConversationIndex.KIND);

        JsonNode report = api.admin("POST", "/api/search/reindex", null).body();
        assertTrue(report.get("documents").get("conversations").asInt() >= 1, report.toString());
        assertTrue(report.get("documents").get("faq").asInt() >= 33, report.toString());

        String after = aliasTarget(indices, ElasticsearchConversationIndex.KIND);
        assertTrue(!after.equals(before) && after.startsWith(PREFIX + "-conversations-v"), before + " -> " + after);
        assertEquals(List.of(after), indices.call("list", () -> new ArrayList<>(indices.client().indices()
                .get(g -> g.index(PREFIX + "-conversations-v*")).result().keySet())), "the old version is deleted");
        assertTrue(ids(search("snorkel")).contains(v.conversationId()));
        Api.Visitor faq = api.startConversation("demo", null, null);
        api.say(faq, "can you deliver to the UK?");
        assertEquals("faq", lastReply(faq.conversationId()).get("source").asText());
    }

    private static String aliasTarget(ElasticsearchIndices indices, String kind) {
        return indices.call("read alias", () -> indices.client().indices().getAlias(g -> g.name(indices.alias(kind)))
                .result().keySet().iterator().next());
    }
}
