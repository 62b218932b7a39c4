package dev.handoff.app.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ticket workflow through the API: round-robin, changes with history, filters, reply, notes, bulk, delete. */
class TicketWorkflowTest {

    private static final Api API = TestApp.api();

    private static String escalate(String key, String text) {
        Api.Visitor v = API.startConversation(key, null, null);
        API.say(v, text);
        return v.conversationId();
    }

    private static JsonNode ticketOf(String store, String conversationId) {
        return Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets?limit=200", null).body(), list -> {
            for (JsonNode t : list) {
                if (t.get("conversationId").asText().equals(conversationId)) {
                    return true;
                }
            }
            return false;
        }).findValues("number").stream().map(JsonNode::asInt).map(n -> API.admin("GET", "/api/stores/" + store + "/tickets/" + n, null).body())
                .filter(d -> d.get("ticket").get("conversationId").asText().equals(conversationId)).findFirst().orElseThrow().get("ticket");
    }

    @Test
    void newTicketsGoRoundRobinToOnlineAgentsAndEveryChangeIsRecorded() {
        Api.Store store = API.createStore("Tickets");
        String id = store.id();
        String key = store.widgetKey();
        String email = "agent." + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        JsonNode second = API.admin("POST", "/api/agents", Map.of("email", email, "name", "Sam Second", "password", "long-enough-1")).body();
        assertEquals(409, API.admin("POST", "/api/agents", Map.of("email", email, "name", "Again", "password", "long-enough-1")).status());
        assertEquals(204, API.admin("PUT", "/api/stores/" + id + "/members/" + second.get("id").asText(), null).status());
        String secondToken = API.send("POST", "/api/auth/login", Api.json(Map.of("email", email, "password", "long-enough-1"))).body()
                .get("token").asText();
        API.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + secondToken);
        String adminId = API.admin("GET", "/api/auth/me", null).body().get("id").asText();

        List<String> assignees = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assignees.add(ticketOf(id, escalate(key, "I want to talk to a real person please")).get("assigneeId").asText());
        }
        assertTrue(assignees.contains(adminId) && assignees.contains(second.get("id").asText()), assignees.toString());
        assertNotEquals(assignees.get(0), assignees.get(1), "round-robin: " + assignees);

        String conversation = escalate(key, "my parcel arrived damaged");
        int number = ticketOf(id, conversation).get("number").asInt();
        String base = "/api/stores/" + id + "/tickets/" + number;
        JsonNode changed = API.admin("PATCH", base, Map.of("status", "open", "priority", "low", "category", "Shipping",
                "tags", List.of("VIP", "fragile"))).body();
        assertEquals("open", changed.get("status").asText());
        assertEquals("shipping", changed.get("category").asText());
        assertEquals(List.of("vip", "fragile"), Api.JSON.convertValue(changed.get("tags"), List.class));
        assertEquals(adminId, API.admin("POST", base + "/assign", null).body().get("assigneeId").asText());
        assertEquals(400, API.admin("PATCH", base, Map.of("status", "closed")).status());
        assertEquals(400, API.admin("PATCH", base, Map.of("assigneeId", UUID.randomUUID().toString())).status());

        assertEquals(201, API.admin("POST", base + "/notes", Map.of("text", "Customer is a wholesale buyer")).status());
        assertEquals(201, API.admin("POST", base + "/reply", Map.of("text", "Sorry about that! A replacement is on its way.")).status());
        JsonNode detail = API.admin("GET", base, null).body();
        assertEquals("waiting", detail.get("ticket").get("status").asText(), "a reply waits on the customer");
        assertEquals("Customer is a wholesale buyer", detail.get("conversation").get("notes").get(0).get("body").asText());
        List<String> fields = detail.get("history").findValues("field").stream().map(JsonNode::asText).toList();
        assertTrue(fields.containsAll(List.of("created", "status", "priority", "category", "tags", "assignee")), fields.toString());
        assertEquals("created", fields.get(0), "the ticket's creation comes first, before an assignment of the same instant: " + fields);
        int patched = fields.indexOf("priority") - 1;
        assertEquals(List.of("status", "priority", "category", "tags"), fields.subList(patched, patched + 4),
                "one change's fields in the order they were written: " + fields);
        JsonNode statusChange = null;
        for (JsonNode e : detail.get("history")) {
            if (e.get("field").asText().equals("status") && e.get("newValue").asText().equals("open")) {
                statusChange = e;
            }
        }
        assertEquals(adminId, statusChange.get("agentId").asText());
        assertEquals("new", statusChange.get("oldValue").asText());

        String list = "/api/stores/" + id + "/tickets";
        assertEquals(List.of(number), API.admin("GET", list + "?priority=low&category=shipping&assignee=me&channel=widget", null).body()
                .findValues("number").stream().map(JsonNode::asInt).toList());
        assertEquals(0, API.admin("GET", list + "?from=2099-01-01T00:00:00Z", null).body().size());
        assertEquals(400, API.admin("GET", list + "?channel=fax", null).status());
    }

    @Test
    void bulkActionsAreAllOrNothingAndSpamIsDeleted() {
        Api.Store store = API.createStore("Bulk");
        String id = store.id();
        String key = store.widgetKey();
        int a = ticketOf(id, escalate(key, "I want a refund for my order")).get("number").asInt();
        int b = ticketOf(id, escalate(key, "can I talk to a human")).get("number").asInt();
        String list = "/api/stores/" + id + "/tickets";
        assertEquals(404, API.admin("POST", list + "/bulk", Map.of("numbers", List.of(a, 99999), "change", Map.of("status", "resolved"))).status());
        assertEquals("new", API.admin("GET", list + "/" + a, null).body().get("ticket").get("status").asText(), "nothing changed");
        JsonNode done = API.admin("POST", list + "/bulk", Map.of("numbers", List.of(a, b), "change", Map.of("status", "resolved"))).body();
        assertEquals(2, done.size());
        assertTrue(done.findValues("status").stream().allMatch(s -> s.asText().equals("resolved")));
        assertEquals(204, API.admin("DELETE", list + "/" + b, null).status());
        assertEquals(404, API.admin("GET", list + "/" + b, null).status());
        assertFalse(API.admin("GET", list, null).body().findValues("number").stream().anyMatch(n -> n.asInt() == b));
    }
}
