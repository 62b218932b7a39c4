package dev.handoff.app.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A restart keeps conversations, FAQ items and tickets; an external PostgreSQL is used when configured. */
class RestartAndExternalDatabaseTest {

    @Test
    void restartOnEmbeddedDefaultsKeepsConversationsAndFaq() {
        Path dir = TestApp.tempDir();
        Api.Visitor visitor;
        String store;
        try (HandoffBootstrap.RunningHandoff app = TestApp.start(dir, Map.of())) {
            assertTrue(app.embedded() != null, "embedded PostgreSQL by default");
            Api api = new Api("http://127.0.0.1:" + app.port(), app);
            store = api.storeId("demo");
            visitor = api.startConversation("demo", null, null);
            api.say(visitor, "hello from before the restart");
            api.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you restore vintage jackets?",
                    "answer", "Yes, our repair service restores vintage jackets."));
        }
        try (HandoffBootstrap.RunningHandoff app = TestApp.start(dir, Map.of())) {
            Api api = new Api("http://127.0.0.1:" + app.port(), app);
            assertEquals("hello from before the restart", api.thread(visitor).get(0).get("text").asText());
            JsonNode hits = api.admin("GET", "/api/stores/" + store + "/faq/search?q=vintage+jacket+repair", null).body();
            assertTrue(hits.get(0).get("item").get("question").asText().contains("vintage"));
        }
    }

    @Test
    void restartKeepsEverythingOnAnExternalDatabase() {
        Path dir = TestApp.tempDir();
        try (EmbeddedPostgresServer external = EmbeddedPostgresServer.start(dir.resolve("external-pg"))) {
            Map<String, Object> db = Map.of("datasources.default.url", external.jdbcUrl(),
                    "datasources.default.username", "postgres", "datasources.default.password", external.password());
            String conversationId;
            String store;
            Api.Visitor visitor;
            try (HandoffBootstrap.RunningHandoff app = TestApp.start(dir.resolve("app"), db)) {
                assertNull(app.embedded(), "no embedded database when one is configured");
                Api api = new Api("http://127.0.0.1:" + app.port(), app);
                store = api.storeId("demo");
                visitor = api.startConversation("demo", null, null);
                conversationId = visitor.conversationId();
                api.say(visitor, "I need to speak to a human right now");
                api.settled(store, conversationId);
                api.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you sell wool socks?",
                        "answer", "Yes, merino wool socks in three sizes."));
            }
            try (HandoffBootstrap.RunningHandoff app = TestApp.start(dir.resolve("app"), db)) {
                Api api = new Api("http://127.0.0.1:" + app.port(), app);
                assertEquals(store, api.storeId("demo"), "the demo store is created once");
                JsonNode c = api.conversation(store, conversationId);
                assertEquals("escalated", c.get("conversation").get("status").asText());
                assertEquals("I need to speak to a human right now", api.thread(visitor).get(0).get("text").asText());
                JsonNode tickets = api.admin("GET", "/api/stores/" + store + "/tickets", null).body();
                assertEquals(1, tickets.size());
                JsonNode hits = api.admin("GET", "/api/stores/" + store + "/faq/search?q=wool+socks", null).body();
                assertTrue(hits.get(0).get("item").get("question").asText().contains("wool socks"));
            }
        }
    }
}
