package dev.handoff.app.search;

import dev.handoff.app.conversation.Message;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An install whose vectors were stored by all-MiniLM-L6-v2 and that restarts on BGE (an upgrade whose default
 * changed, or HANDOFF_EMBEDDINGS_MODEL set): the stored vectors are re-embedded in the background, and search finds
 * the conversations by meaning in the new space.
 */
class StoredEmbeddingsTest {

    private static final List<String> TEXTS = List.of("Do you ship to Canada?", "my parcel never arrived, the tracking says delivered",
            "Can I pay with PayPal?");

    @Test
    void restartingOnAnotherModelReEmbedsTheStoredVectors() {
        Path dir = TestApp.tempDir();
        try (HandoffBootstrap.RunningHandoff before = TestApp.start(dir, Map.of("handoff.embeddings.model", "all-minilm-l6-v2"))) {
            Api api = new Api("http://127.0.0.1:" + before.port(), before);
            String store = api.storeId("demo");
            for (String text : TEXTS) {
                Api.Visitor v = api.startConversation("demo", "Sam", null);
                api.say(v, text);
                api.settled(store, v.conversationId());
            }
            assertEquals("all-minilm-l6-v2", space(before).get("model"), "a fresh database records the model that writes");
        }
        EmbeddingService minilm = new EmbeddingService("all-minilm-l6-v2");
        try (HandoffBootstrap.RunningHandoff after = TestApp.start(dir, Map.of())) {
            EmbeddingService bge = after.context().getBean(EmbeddingService.class);
            assertEquals("bge-small-en-v1.5", bge.modelName(), "the default model");
            Map<String, String> done = Api.await(() -> space(after), s -> "bge-small-en-v1.5".equals(s.get("model")), Duration.ofSeconds(60));
            assertEquals(null, done.get("reembedding_to"));
            Map<String, float[]> stored = vectors(after);
            assertTrue(stored.keySet().containsAll(TEXTS), "every message keeps a vector: " + stored.keySet());
            for (String text : TEXTS) {
                float[] v = stored.get(text);
                assertTrue(EmbeddingService.cosine(v, bge.embed(text)) > 0.9999, "re-embedded with BGE: " + text);
                assertTrue(EmbeddingService.cosine(v, minilm.embed(text)) < 0.9, "no longer MiniLM's vector: " + text);
            }
        }
    }

    @Test
    void aNodeBackOnTheStoredModelAfterAMoveWasBegunReEmbedsEverythingWithIt() {
        Path dir = TestApp.tempDir();
        try (HandoffBootstrap.RunningHandoff app = TestApp.start(dir, Map.of())) {
            Api api = new Api("http://127.0.0.1:" + app.port(), app);
            String store = api.storeId("demo");
            Api.Visitor v = api.startConversation("demo", "Sam", null);
            api.say(v, TEXTS.get(0));
            api.settled(store, v.conversationId());
            // what a node on MiniLM leaves when it stops halfway through a move: some rows already in MiniLM's space
            EmbeddingService minilm = new EmbeddingService("all-minilm-l6-v2");
            update(app, "UPDATE embedding_space SET reembedding_to = 'all-minilm-l6-v2', cursor_table = 'messages', after_id = NULL");
            update(app, "UPDATE messages SET embedding = ? WHERE author = 'customer'", Message.bytes(minilm.embed(TEXTS.get(0))));

            StoredEmbeddings stored = app.context().getBean(StoredEmbeddings.class);
            assertEquals(java.util.Optional.of("bge-small-en-v1.5"), stored.begin(), "a move back to the stored model");
            Api.await(() -> space(app), s -> s.get("reembedding_to") == null, Duration.ofSeconds(60));
            assertEquals("bge-small-en-v1.5", space(app).get("model"));
            float[] v0 = vectors(app).get(TEXTS.get(0));
            assertTrue(EmbeddingService.cosine(v0, app.context().getBean(EmbeddingService.class).embed(TEXTS.get(0))) > 0.9999,
                    "the row MiniLM wrote is BGE's again");
        }
    }

    private static void update(HandoffBootstrap.RunningHandoff app, String sql, Object... args) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = app.context().getBean(TransactionOperations.class);
        JdbcOperations jdbc = app.context().getBean(JdbcOperations.class);
        tx.executeWrite(status -> jdbc.execute(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                return p.executeUpdate();
            }
        }));
    }

    private static Map<String, String> space(HandoffBootstrap.RunningHandoff app) {
        Map<String, String> row = new LinkedHashMap<>();
        query(app, "SELECT model, reembedding_to FROM embedding_space", r -> {
            row.put("model", r.getString(1));
            row.put("reembedding_to", r.getString(2));
            return Map.<String, Object>of();
        });
        return row;
    }

    private static Map<String, float[]> vectors(HandoffBootstrap.RunningHandoff app) {
        return query(app, "SELECT body_text, embedding FROM messages WHERE author = 'customer' AND embedding IS NOT NULL",
                r -> Map.of(r.getString(1), Message.floats(r.getBytes(2))));
    }

    private interface Row<T> {
        Map<String, T> read(ResultSet r) throws java.sql.SQLException;
    }

    private static <T> Map<String, T> query(HandoffBootstrap.RunningHandoff app, String sql, Row<T> row) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = app.context().getBean(TransactionOperations.class);
        JdbcOperations jdbc = app.context().getBean(JdbcOperations.class);
        return tx.executeRead(status -> jdbc.execute(c -> {
            Map<String, T> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.putAll(row.read(r));
                }
            }
            return out;
        }));
    }
}
