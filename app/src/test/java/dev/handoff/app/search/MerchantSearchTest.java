package dev.handoff.app.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merchant search over conversations on the embedded index. */
class MerchantSearchTest {

    private static Api api;
    private static String store;
    private static Api.Visitor lost;
    private static Api.Visitor markup;
    private static Api.Visitor sweater;

    @BeforeAll
    static void conversations() {
        api = TestApp.api();
        // a store of its own: rankings are compared, so no other test's conversations may sit beside these
        Api.Store created = api.createStore("Search Shop");
        store = created.id();
        String key = created.widgetKey();
        lost = api.startConversation(key, "Priya Raman", "priya.raman@example.com");
        api.say(lost, "Hello, my parcel is lost. It was order #59016723331 and the courier has no idea where it went.");
        markup = api.startConversation(key, null, null);
        api.say(markup, "Is this <script>alert('x')</script> jacket waterproof?");
        sweater = api.startConversation(key, "Dev Raman", "dev.raman@example.com");
        api.say(sweater, "Can I swap the sweater from order #1042 for a size M?");
        api.settled(store, lost.conversationId());
        api.settled(store, markup.conversationId());
        api.settled(store, sweater.conversationId());
    }

    private static JsonNode search(String query) {
        return api.admin("GET", "/api/stores/" + store + "/search?" + query, null).body();
    }

    private static JsonNode awaitFound(String query, String conversationId) {
        return Api.await(() -> search(query), r -> ids(r).contains(conversationId));
    }

    private static List<String> ids(JsonNode results) {
        List<String> out = new ArrayList<>();
        results.get("results").forEach(r -> out.add(r.get("conversation").get("id").asText()));
        return out;
    }

    private static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void findsByWordsOrderNumberEmailAndPrefixWithHighlights() {
        JsonNode words = awaitFound(q("courier"), lost.conversationId());
        String snippet = words.get("results").get(0).get("snippet").asText();
        assertTrue(snippet.contains("<mark>courier</mark>"), snippet);
        awaitFound(q("#59016723331"), lost.conversationId());
        awaitFound(q("priya.raman@example.com"), lost.conversationId());
        awaitFound(q("Priya"), lost.conversationId());
        awaitFound(q("couri"), lost.conversationId());
    }

    /**
     * The "Merge into…" picker asks {@code GET …/search?q=<what the agent typed>&limit=20} and offers every hit: a
     * customer's exact email address finds that customer's conversations only, never another customer's at the same
     * domain (they could be merged into the wrong customer); an order number no conversation mentions finds nothing.
     */
    @Test
    void anExactEmailOrOrderNumberIsALookupAsTheMergePickerAsksIt() {
        JsonNode dev = awaitFound(q("dev.raman@example.com") + "&limit=20", sweater.conversationId());
        assertEquals(List.of(sweater.conversationId()), ids(dev), dev.toString());
        JsonNode priya = awaitFound(q("priya.raman@example.com") + "&limit=20", lost.conversationId());
        assertEquals(List.of(lost.conversationId()), ids(priya), priya.toString());
        JsonNode order = awaitFound(q("#1042") + "&limit=20", sweater.conversationId());
        assertEquals(List.of(sweater.conversationId()), ids(order), order.toString());
        assertEquals(List.of(), ids(search(q("#9999") + "&limit=20")));
        assertEquals(List.of(), ids(search(q("raman@example.com") + "&limit=20")));
    }

    @Test
    void tagsAreSearchableAndValidated() {
        JsonNode tagged = api.admin("PUT", "/api/stores/" + store + "/conversations/" + lost.conversationId() + "/tags",
                Map.of("tags", List.of(" Wholesale ", "courier-claim", "wholesale"))).body();
        assertEquals(List.of("wholesale", "courier-claim"), Api.JSON.convertValue(tagged.get("conversation").get("tags"), List.class));
        awaitFound(q("wholesale"), lost.conversationId());
        assertEquals(400, api.admin("PUT", "/api/stores/" + store + "/conversations/" + lost.conversationId() + "/tags",
                Map.of("tags", List.of("no commas, please"))).status());
    }

    @Test
    void semanticSearchFindsTheSameProblemInOtherWords() {
        JsonNode r = awaitFound(q("package never arrived"), lost.conversationId());
        assertEquals(lost.conversationId(), ids(r).get(0), r.toString());
    }

    @Test
    void filtersNarrowTheResults() {
        awaitFound(q("parcel") + "&status=escalated&hasTicket=true&channel=widget", lost.conversationId());
        assertFalse(ids(search(q("parcel") + "&status=resolved")).contains(lost.conversationId()));
        assertFalse(ids(search(q("parcel") + "&hasTicket=false")).contains(lost.conversationId()));
        assertFalse(ids(search(q("parcel") + "&from=2099-01-01T00:00:00Z")).contains(lost.conversationId()));
        JsonNode byDate = search("sort=date&limit=2");
        assertEquals(2, byDate.get("results").size());
        assertTrue(byDate.get("total").asLong() >= 2);
        assertEquals(400, api.admin("GET", "/api/stores/" + store + "/search?status=lost", null).status());
        assertEquals(400, api.admin("GET", "/api/stores/" + store + "/search?limit=0", null).status());
    }

    @Test
    void snippetsEscapeShopperMarkup() {
        JsonNode r = awaitFound(q("waterproof jacket"), markup.conversationId());
        for (JsonNode hit : r.get("results")) {
            if (hit.get("conversation").get("id").asText().equals(markup.conversationId())) {
                assertFalse(hit.get("snippet").asText().contains("<script>"), hit.toString());
                assertTrue(hit.get("snippet").asText().contains("&lt;script&gt;"), hit.toString());
            }
        }
    }

    @Test
    void aStoreNeverSeesAnotherStoresConversations() {
        awaitFound(q("parcel"), lost.conversationId());
        String other = api.createStore("Search Tenant").id();
        JsonNode r = api.admin("GET", "/api/stores/" + other + "/search?" + q("parcel lost courier"), null).body();
        assertEquals(0, r.get("results").size(), r.toString());
        assertEquals(404, api.admin("GET", "/api/stores/" + java.util.UUID.randomUUID() + "/search?q=parcel", null).status());
    }
}
