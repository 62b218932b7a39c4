package dev.handoff.app.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API: sign-in, stores as tenants, the knowledge base, order import and the OpenAPI document. */
class AdminApiTest {

    private static Api api;

    @BeforeAll
    static void start() {
        api = TestApp.api();
    }

    private static String newStore(String name) {
        Api.Res r = api.admin("POST", "/api/stores", Map.of("name", name));
        assertEquals(201, r.status(), r.raw());
        assertTrue(r.body().get("widgetKey").asText().startsWith("wk_"));
        return r.body().get("id").asText();
    }

    @Test
    void signInIsRequiredAndWrongPasswordsAreRefused() {
        Api.Res wrong = api.send("POST", "/api/auth/login", Api.json(Map.of("email", "admin@handoff.local", "password", "nope")));
        assertEquals(401, wrong.status());
        assertTrue(wrong.contentType().startsWith("application/problem+json"));
        assertEquals(401, api.send("GET", "/api/stores", null).status());
        assertEquals(401, api.send("GET", "/api/stores", null, "Authorization", "Bearer forged").status());
        Api.Res ok = api.send("POST", "/api/auth/login", Api.json(Map.of("email", "ADMIN@handoff.local", "password", "handoff-demo")));
        assertEquals(200, ok.status());
        assertEquals("Bearer", ok.body().get("tokenType").asText());
        String token = ok.body().get("token").asText();
        assertEquals(200, api.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + token).status());
        assertEquals(204, api.send("POST", "/api/auth/logout", null, "Authorization", "Bearer " + token).status());
        assertEquals(401, api.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + token).status());
    }

    @Test
    void faqChangesAreSearchableWithinOneSecondAndImportIsIdempotent() {
        String store = newStore("Search Co");
        String base = "/api/stores/" + store + "/faq";
        String category = api.admin("POST", base + "/categories", Map.of("name", "Care")).body().get("id").asText();
        long t0 = System.nanoTime();
        Api.Res created = api.admin("POST", base + "/items", Map.of("categoryId", category,
                "question", "How do I clean suede boots?", "answer", "Brush suede boots gently with a suede brush when dry."));
        assertEquals(201, created.status(), created.raw());
        String id = created.body().get("id").asText();
        JsonNode hits = Api.await(() -> api.admin("GET", base + "/search?q=cleaning+my+suede+shoes", null).body(), h -> h.size() > 0);
        assertTrue((System.nanoTime() - t0) / 1e9 < 1.0, "searchable within one second");
        assertEquals(id, hits.get(0).get("item").get("id").asText());

        api.admin("PUT", base + "/items/" + id, Map.of("question", "How do I waterproof a jacket?",
                "answer", "Use a wash-in waterproofer.", "alternateQuestions", List.of("Is the rain shell waterproof?")));
        JsonNode after = api.admin("GET", base + "/search?q=waterproofing+my+jacket&mode=keyword", null).body();
        assertEquals(id, after.get(0).get("item").get("id").asText(), "re-indexed on edit");
        assertEquals("Is the rain shell waterproof?", api.admin("GET", base + "/items/" + id, null).body().get("alternateQuestions").get(0).asText());

        List<Map<String, String>> rows = List.of(
                Map.of("category", "Shipping", "question", "Do you ship to Mars?", "answer", "Not yet."),
                Map.of("category", "Shipping", "question", "How long does delivery take?", "answer", "Three days."));
        JsonNode first = api.importFaq(store, rows);
        assertEquals(2, first.get("created").asInt());
        JsonNode again = api.importFaq(store, rows);
        assertEquals(0, again.get("created").asInt());
        assertEquals(2, again.get("unchanged").asInt());
        assertEquals(3, api.admin("GET", base + "/items", null).body().size());
        Api.Res notRows = api.admin("POST", base + "/import", Map.of("question", "not in an array"));
        assertEquals(400, notRows.status());
        assertTrue(notRows.contentType().startsWith("application/problem+json"), notRows.raw());
        assertEquals(3, api.admin("GET", base + "/items", null).body().size(), "a refused import stores nothing");
        JsonNode partly = api.importFaq(store, List.of(Map.of("question", "no answer"),
                Map.of("question", "Do you gift wrap?", "answer", "Yes, for three dollars.")));
        assertEquals(1, partly.get("created").asInt(), partly.toString());
        assertEquals(1, partly.get("failed").asInt(), partly.toString());
        assertEquals(1, partly.get("errors").get(0).get("row").asInt(), "the skipped row is named: " + partly);
        assertEquals("Answer is required", partly.get("errors").get(0).get("detail").asText());
        assertEquals(4, api.admin("GET", base + "/items", null).body().size(), "the valid row is imported");

        assertEquals(204, api.admin("DELETE", base + "/items/" + id, null).status());
        JsonNode gone = api.admin("GET", base + "/search?q=waterproof+jacket", null).body();
        for (JsonNode h : gone) {
            assertFalse(h.get("item").get("id").asText().equals(id));
        }
        assertEquals(404, api.admin("GET", base + "/items/" + id, null).status());
        assertEquals(400, api.admin("POST", base + "/items", Map.of("question", "", "answer", "x")).status());
    }

    @Test
    void storesAreTenantsAndNothingCrossesThem() {
        String a = newStore("Tenant A");
        String b = newStore("Tenant B");
        api.admin("POST", "/api/stores/" + a + "/faq/items", Map.of("question", "What is the secret tenant A policy?",
                "answer", "Tenant A only: returns within 90 days."));
        JsonNode inB = api.admin("GET", "/api/stores/" + b + "/faq/search?q=secret+tenant+A+policy", null).body();
        assertEquals(0, inB.size(), "store B never sees store A's FAQ");
        String itemA = api.admin("GET", "/api/stores/" + a + "/faq/items", null).body().get(0).get("id").asText();
        assertEquals(404, api.admin("GET", "/api/stores/" + b + "/faq/items/" + itemA, null).status());

        // a conversation of the demo store is invisible through store A
        Api.Visitor v = api.startConversation("demo", null, null);
        assertEquals(404, api.admin("GET", "/api/stores/" + a + "/conversations/" + v.conversationId(), null).status());
        assertEquals(404, api.admin("GET", "/api/stores/" + java.util.UUID.randomUUID() + "/conversations", null).status());
    }

    @Test
    void ordersImportFromShopifyShapeAndRejectBadOnesWhole() {
        String store = newStore("Orders Co");
        String path = "/api/stores/" + store + "/orders";
        Map<String, Object> order = Map.of("name", "#59016723331", "order_number", 59016723331L, "email", "x@example.com",
                "created_at", "2026-11-01T10:00:00-05:00", "financial_status", "paid", "total_price", "10.50", "currency", "EUR",
                "line_items", List.of(Map.of("title", "Mug", "quantity", 2, "price", "5.25")), "fulfillments", List.of());
        Api.Res r = api.admin("POST", path + "/import", Map.of("orders", List.of(order)));
        assertEquals(200, r.status(), r.raw());
        assertEquals(1, r.body().get("created").asInt());
        JsonNode one = api.admin("GET", path + "/59016723331", null).body();
        assertEquals("#59016723331", one.get("name").asText());
        assertEquals("Mug", one.get("items").get(0).get("title").asText());
        Api.Res bad = api.admin("POST", path + "/import", Map.of("orders", List.of(order, Map.of("name", "#7"))));
        assertEquals(400, bad.status());
        assertTrue(bad.body().get("detail").asText().contains("orders[1]"), bad.raw());
        assertEquals(400, api.admin("POST", path + "/import", Map.of("nope", 1)).status());
        assertEquals(1, api.admin("GET", path, null).body().size());
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        Api.Res r = api.send("GET", "/openapi.yml", null);
        assertEquals(200, r.status());
        for (String path : List.of("/api/widget/{widgetKey}/conversations", "/api/widget/conversations/{id}/messages",
                "/api/auth/login", "/api/stores", "/api/stores/{storeId}/conversations", "/api/stores/{storeId}/tickets",
                "/api/stores/{storeId}/faq/import", "/api/stores/{storeId}/orders/import")) {
            assertTrue(r.raw().contains(path + ":"), path);
        }
    }

    @Test
    void storefrontPageAndWidgetScriptAreServed() {
        Api.Res page = api.send("GET", "/", null);
        assertEquals(200, page.status());
        assertTrue(page.raw().contains("data-widget-key=\"demo\""), page.raw());
        Api.Res admin = api.send("GET", "/admin/index.html", null);
        assertEquals(200, admin.status());
        assertTrue(admin.raw().contains("<main id=\"app\">"), admin.raw());
        assertEquals(303, api.send("GET", "/admin", null).status());
        Api.Res js = api.send("GET", "/widget.js", null);
        assertEquals(200, js.status());
        assertTrue(js.raw().contains("localStorage"));
    }
}
