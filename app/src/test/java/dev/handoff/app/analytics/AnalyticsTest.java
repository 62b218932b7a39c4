package dev.handoff.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analytics endpoint over a store with known activity. */
class AnalyticsTest {

    private static final Api API = TestApp.api();

    @Test
    void countsTimesCsatTopItemsUnansweredQuestionsAndBusiestHours() {
        Api.Store store = API.createStore("Analytics");
        String id = store.id();
        String key = store.widgetKey();
        API.importFaq(id, List.of(Map.of("category", "Shipping",
                "question", "Do you ship to the UK?", "answer", "Yes, we ship to the UK in 3 to 5 business days.")));

        Api.Visitor answered = API.startConversation(key, null, null);
        API.say(answered, "do you ship to the UK?");
        API.settled(id, answered.conversationId());
        API.admin("POST", "/api/stores/" + id + "/conversations/" + answered.conversationId() + "/resolve", null);
        API.send("POST", "/api/widget/conversations/" + answered.conversationId() + "/rating", Api.json(Map.of("rating", "up")),
                "X-Visitor-Token", answered.token());

        Api.Visitor unanswered = API.startConversation(key, null, null);
        API.say(unanswered, "do you sell gift cards?");
        API.settled(id, unanswered.conversationId());
        API.say(unanswered, "can I buy a gift card from you?");
        API.settled(id, unanswered.conversationId());

        Api.Visitor human = API.startConversation(key, null, null);
        API.say(human, "hello");
        API.settled(id, human.conversationId());
        API.admin("POST", "/api/stores/" + id + "/conversations/" + human.conversationId() + "/messages", Map.of("text", "Hi, how can I help?"));
        API.admin("POST", "/api/stores/" + id + "/conversations/" + human.conversationId() + "/resolve", null);

        JsonNode a = API.admin("GET", "/api/stores/" + id + "/analytics", null).body();
        assertEquals(3, a.get("conversations").asLong(), a.toString());
        assertEquals(1, a.get("resolvedByAssistant").asLong());
        assertEquals(1, a.get("resolvedWithHuman").asLong());
        assertEquals(1, a.get("escalated").asLong());
        assertEquals(1 / 3.0, a.get("escalationRate").asDouble(), 1e-9);
        assertTrue(a.get("firstResponseSeconds").get("median").asDouble() >= 0);
        // the assistant's credit: the FAQ answer it resolved alone; not the person's or the escalated conversation
        JsonNode credit = a.get("assistant");
        assertEquals(1, credit.get("confirmed").asLong(), credit.toString());
        assertEquals(0, credit.get("assumed").asLong(), "answered just now: not quiet for an hour yet");
        assertEquals(0, credit.get("reopened").asLong());
        assertEquals(1 / 3.0, credit.get("automationRate").asDouble(), 1e-9);
        assertTrue(credit.get("teamFirstResponse").get("median").isNumber(), "the person's reply is the team's first response: " + credit);
        assertTrue(credit.get("assistantFirstResponse").get("median").isNumber(), credit.toString());
        API.say(answered, "one more thing: do you ship to the UK?");
        API.settled(id, answered.conversationId());
        JsonNode again = API.admin("GET", "/api/stores/" + id + "/analytics", null).body().get("assistant");
        assertEquals(1, again.get("reopened").asLong(), "the shopper wrote again within 7 days of the resolution: " + again);
        assertTrue(a.get("resolutionSeconds").get("p90").asDouble() >= 0);
        assertEquals(1.0, a.get("csat").asDouble(), 1e-9);
        assertEquals("Do you ship to the UK?", a.get("topFaqItems").get(0).get("label").asText());
        assertEquals("general", a.get("topCategories").get(0).get("key").asText());
        JsonNode group = a.get("unansweredQuestions").get(0);
        assertEquals(2, group.get("count").asLong(), "the two phrasings of one question are one group: " + a.get("unansweredQuestions"));
        long hours = 0;
        for (JsonNode row : a.get("busiestHours")) {
            assertEquals(24, row.size());
            for (JsonNode cell : row) {
                hours += cell.asLong();
            }
        }
        assertEquals(7, a.get("busiestHours").size());
        assertEquals(3, hours);
        assertEquals("widget", a.get("byChannel").get(0).get("channel").asText());
        JsonNode today = a.get("sentiment").get(0);
        assertEquals(3, today.get("positive").asLong() + today.get("neutral").asLong() + today.get("negative").asLong(),
                "each conversation counts once by its sentiment trend: " + today);
        assertEquals(400, API.admin("GET", "/api/stores/" + id + "/analytics?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", null).status());
    }
}
