package dev.handoff.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The dashboard read from daily roll-ups equals the dashboard counted from the tables, and a change
 * shows at once (its day is counted from the tables until its roll-up is rebuilt).
 */
class RollupConsistencyTest {

    private static final Api API = TestApp.api();

    @SuppressWarnings("unchecked")
    private static long count(String sql, String store) {
        JdbcOperations jdbc = API.app().context().getBean(JdbcOperations.class);
        io.micronaut.transaction.TransactionOperations<java.sql.Connection> tx =
                API.app().context().getBean(io.micronaut.transaction.TransactionOperations.class);
        return tx.executeRead(status ->
                jdbc.prepareStatement(sql, s -> {
                    s.setObject(1, UUID.fromString(store));
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }));
    }

    private static JsonNode analytics(String store, String from, String to) {
        Api.Res r = API.admin("GET", "/api/stores/" + store + "/analytics?from=" + from + "&to=" + to, null);
        assertEquals(200, r.status(), r.raw());
        return r.body();
    }

    private static void awaitRollups(String store) {
        Api.await(() -> count("SELECT count(*) FROM analytics_dirty WHERE store_id = ?", store), n -> n == 0, Duration.ofSeconds(30));
    }

    @Test
    void rollupsAnswerLikeTheTablesAndChangesShowAtOnce() {
        Api.Store store = API.createStore("Rollups");
        String id = store.id();
        String key = store.widgetKey();
        Api.Visitor a = API.startConversation(key, null, null);
        API.say(a, "I want to talk to a person, my parcel is damaged");
        API.settled(id, a.conversationId());
        Api.Visitor b = API.startConversation(key, null, null);
        API.say(b, "hello there");
        API.settled(id, b.conversationId());
        API.admin("POST", "/api/stores/" + id + "/conversations/" + b.conversationId() + "/messages", Map.of("text", "Hi!"));
        API.admin("POST", "/api/stores/" + id + "/conversations/" + b.conversationId() + "/resolve", null);

        // whole UTC days (from the roll-ups once built) plus partial days at both ends (always from the tables)
        Instant now = Instant.now();
        String from = now.minus(3, ChronoUnit.DAYS).toString();
        String to = now.plus(1, ChronoUnit.DAYS).toString();
        JsonNode fromTables = analytics(id, from, to);
        awaitRollups(id);
        assertEquals(1, count("SELECT count(DISTINCT day) FROM analytics_days WHERE store_id = ?", id), "today is rolled up");
        JsonNode fromRollups = analytics(id, from, to);
        for (String field : new String[] {"conversations", "resolvedByAssistant", "resolvedWithHuman", "escalated", "cancelled",
                "escalationRate", "firstResponseSeconds", "resolutionSeconds", "sentiment", "busiestHours", "byChannel", "topFaqItems"}) {
            assertEquals(fromTables.get(field), fromRollups.get(field), field);
        }
        assertEquals(2, fromRollups.get("conversations").asLong());
        assertEquals(1, fromRollups.get("escalated").asLong());

        // a change shows at once, and the rebuilt roll-up agrees
        Api.Visitor c = API.startConversation(key, null, null);
        API.say(c, "hi");
        API.settled(id, c.conversationId());
        JsonNode changed = analytics(id, from, to);
        assertEquals(3, changed.get("conversations").asLong());
        assertNotEquals(0, count("SELECT count(*) FROM analytics_dirty WHERE store_id = ?", id));
        awaitRollups(id);
        JsonNode rebuilt = analytics(id, from, to);
        assertEquals(changed.get("conversations"), rebuilt.get("conversations"));
        assertEquals(changed.get("byChannel"), rebuilt.get("byChannel"));
        assertEquals(changed.get("busiestHours"), rebuilt.get("busiestHours"));
    }
}
