package dev.handoff.app.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FAQ imports as background jobs: 202 at once, progress to done, the caps (rows, bytes), one import at a time per
 * store, and an import that a restart interrupts resumes where it stopped without applying a row twice.
 */
class FaqImportTest {

    private static List<Map<String, Object>> rows(int n, String topic) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Map.of("category", "Topic " + (i % 7), "question", "How does " + topic + " number " + i + " work?",
                    "answer", "Item " + i + " of " + topic + " works as described on the product page."));
        }
        return rows;
    }

    private static String newStore(Api api, String name) {
        return api.createStore(name).id();
    }

    @Test
    void anImportAnswers202AtOnceAndShowsItsProgressUntilDone() {
        Api api = TestApp.api();
        String store = newStore(api, "Import progress");
        Api.Res started = api.admin("POST", "/api/stores/" + store + "/faq/import", rows(150, "shipping"));
        assertEquals(202, started.status(), started.raw());
        JsonNode importing = started.body();
        assertEquals("running", importing.get("status").asText());
        assertEquals(150, importing.get("total").asInt());
        assertTrue(importing.get("processed").asInt() < 150, importing.toString());
        String location = started.headers().firstValue("Location").orElseThrow();
        assertEquals("/api/stores/" + store + "/faq/imports/" + importing.get("id").asText(), location);

        // one import at a time per store
        Api.Res second = api.admin("POST", "/api/stores/" + store + "/faq/import", rows(3, "returns"));
        assertEquals(409, second.status(), second.raw());
        assertTrue(second.contentType().startsWith("application/problem+json"));

        TreeSet<Integer> seen = new TreeSet<>();
        JsonNode done = Api.await(() -> api.admin("GET", location, null).body(), b -> {
            seen.add(b.get("processed").asInt());
            return !b.get("status").asText().equals("running");
        }, Duration.ofMinutes(3));
        assertEquals("done", done.get("status").asText(), done.toString());
        assertEquals(150, done.get("processed").asInt());
        assertEquals(150, done.get("created").asInt());
        assertEquals(0, done.get("failed").asInt());
        assertNotNull(done.get("finishedAt").asText());
        assertTrue(seen.stream().anyMatch(p -> p > 0 && p < 150), "progress between start and end was visible: " + seen);
        assertEquals(150, api.admin("GET", "/api/stores/" + store + "/faq/items", null).body().size());
        JsonNode hits = api.admin("GET", "/api/stores/" + store + "/faq/search?q=how+does+shipping+number+149+work&mode=keyword", null).body();
        assertEquals("How does shipping number 149 work?", hits.get(0).get("item").get("question").asText(), "searchable once done");
        assertEquals(importing.get("id").asText(), api.admin("GET", "/api/stores/" + store + "/faq/imports", null).body().get(0).get("id").asText());
    }

    @Test
    void importsOverTheCapsAreRefusedWithProblemDetails() {
        Api api = TestApp.api();
        String store = newStore(api, "Import caps");
        Api.Res tooMany = api.admin("POST", "/api/stores/" + store + "/faq/import", rows(5_001, "sizes"));
        assertEquals(422, tooMany.status(), tooMany.raw());
        assertTrue(tooMany.contentType().startsWith("application/problem+json"));
        assertTrue(tooMany.body().get("detail").asText().contains("5001 rows; at most 5000"), tooMany.raw());

        String answer = "x".repeat(9_000);
        List<Map<String, Object>> big = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            big.add(Map.of("question", "Big question " + i + "?", "answer", answer));
        }
        Api.Res tooBig = api.admin("POST", "/api/stores/" + store + "/faq/import", big);
        assertEquals(413, tooBig.status(), tooBig.raw());
        assertTrue(tooBig.contentType().startsWith("application/problem+json"));
        assertTrue(tooBig.body().get("detail").asText().contains("at most 8388608 bytes"), tooBig.raw());

        assertEquals(400, api.admin("POST", "/api/stores/" + store + "/faq/import", List.of()).status());
        assertEquals(400, api.admin("POST", "/api/stores/" + store + "/faq/import", "[1, 2").status());
        assertEquals(0, api.admin("GET", "/api/stores/" + store + "/faq/items", null).body().size(), "nothing stored");
        assertEquals(0, api.admin("GET", "/api/stores/" + store + "/faq/imports", null).body().size(), "no import started");
    }

    @Test
    void anImportWhoseJobIsGoneIsReportedFailedAtStart() {
        Api api = TestApp.api();
        String store = newStore(api, "Import orphan");
        UUID id = UUID.randomUUID();
        var context = api.app().context();
        JdbcOperations jdbc = context.getBean(JdbcOperations.class);
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = context.getBean(TransactionOperations.class);
        tx.executeWrite(status -> jdbc.prepareStatement("""
                INSERT INTO faq_imports (id, store_id, status, total, processed, created, payload, created_at, updated_at)
                VALUES (?, ?, 'running', 10, 4, 4, '[]', now(), now())""", s -> {
            s.setObject(1, id);
            s.setObject(2, UUID.fromString(store));
            return s.executeUpdate();
        }));
        context.getBean(FaqImports.class).onApplicationEvent(null);
        JsonNode failed = api.admin("GET", "/api/stores/" + store + "/faq/imports/" + id, null).body();
        assertEquals("failed", failed.get("status").asText(), failed.toString());
        assertTrue(failed.get("failure").asText().startsWith("Stopped after 4 of 10 rows: its job was lost. Rows 1 to 4 were imported"),
                failed.toString());
        assertEquals(404, api.admin("GET", "/api/stores/" + store + "/faq/imports/" + UUID.randomUUID(), null).status());
    }

    /**
     * The app stops while an import runs (the job stops between two batches), starts again on the same data: the import
     * goes on from the last committed batch, and every row is applied exactly once.
     */
    @Test
    void anImportInterruptedByARestartResumesWhereItStopped() {
        Path data = TestApp.tempDir();
        Map<String, Object> props = Map.of("handoff.faq.import.batch-size", 5);
        String store;
        String location;
        int before;
        try (HandoffBootstrap.RunningHandoff first = TestApp.start(data, props)) {
            Api api = new Api("http://127.0.0.1:" + first.port(), first);
            store = newStore(api, "Import restart");
            Api.Res started = api.admin("POST", "/api/stores/" + store + "/faq/import", rows(60, "sizing"));
            assertEquals(202, started.status(), started.raw());
            location = started.headers().firstValue("Location").orElseThrow();
            before = Api.await(() -> api.admin("GET", location, null).body(), b -> b.get("processed").asInt() >= 10)
                    .get("processed").asInt();
            assertTrue(before < 60, "still running when the app stops");
        }
        try (HandoffBootstrap.RunningHandoff second = TestApp.start(data, props)) {
            Api api = new Api("http://127.0.0.1:" + second.port(), second);
            JsonNode done = Api.await(() -> api.admin("GET", location, null).body(), b -> !b.get("status").asText().equals("running"),
                    Duration.ofMinutes(3));
            assertEquals("done", done.get("status").asText(), done.toString());
            assertEquals(60, done.get("processed").asInt());
            assertEquals(60, done.get("created").asInt(), "no row applied twice: " + done);
            assertEquals(0, done.get("unchanged").asInt(), done.toString());
            assertEquals(60, api.admin("GET", "/api/stores/" + store + "/faq/items", null).body().size());
        }
    }
}
