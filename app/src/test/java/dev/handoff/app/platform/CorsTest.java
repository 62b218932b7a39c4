package dev.handoff.app.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Browsers send {@code Origin} on same-origin PUT, PATCH and DELETE (and on every cross-origin call). The
 * dashboard's edits must pass with their own origin, while only the widget's public routes answer other
 * origins (the storefront embedding the widget).
 */
class CorsTest {

    private static final String SHOP = "https://shop.example";
    private static Api api;
    private static String store;
    private static String sameOrigin;

    @BeforeAll
    static void start() {
        api = TestApp.api();
        store = api.storeId("demo");
        sameOrigin = api.base().replace("127.0.0.1", "localhost");
    }

    private Api.Res asAdmin(String method, String path, Object body, String origin) {
        return api.send(method, path, body == null ? null : Api.json(body), "Authorization", "Bearer " + api.adminToken(), "Origin", origin);
    }

    @Test
    void dashboardEditsPassWithTheirOwnOrigin() {
        for (String origin : List.of(sameOrigin, api.base())) {
            Api.Res created = asAdmin("POST", "/api/stores/" + store + "/canned-responses",
                    Map.of("shortcut", "cors" + System.nanoTime(), "title", "Cors", "body", "Hello"), origin);
            assertEquals(201, created.status(), created.raw());
            String id = created.body().get("id").asText();
            Api.Res put = asAdmin("PUT", "/api/stores/" + store + "/canned-responses/" + id,
                    Map.of("shortcut", "cors" + System.nanoTime(), "title", "Cors edited", "body", "Hello again"), origin);
            assertEquals(200, put.status(), put.raw());
            assertEquals("Cors edited", put.body().get("title").asText());

            Api.Res patch = asAdmin("PATCH", "/api/stores/" + store + "/settings", Map.of("offlineMessage", "Back soon " + origin), origin);
            assertEquals(200, patch.status(), patch.raw());
            assertEquals("Back soon " + origin, api.admin("GET", "/api/stores/" + store + "/settings", null).body().get("offlineMessage").asText());

            Api.Res delete = asAdmin("DELETE", "/api/stores/" + store + "/canned-responses/" + id, null, origin);
            assertEquals(204, delete.status(), delete.raw());
            boolean gone = true;
            for (JsonNode c : api.admin("GET", "/api/stores/" + store + "/canned-responses", null).body()) {
                gone &= !c.get("id").asText().equals(id);
            }
            assertTrue(gone, "the deleted canned response is gone");
        }
    }

    @Test
    void otherOriginsGetNoCorsGrantOnDashboardRoutes() {
        Api.Res preflight = api.send("OPTIONS", "/api/stores/" + store + "/settings", null, "Origin", SHOP,
                "Access-Control-Request-Method", "PATCH", "Access-Control-Request-Headers", "authorization,content-type");
        assertFalse(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent(), preflight.headers().toString());
        Api.Res get = asAdmin("GET", "/api/stores/" + store + "/settings", null, SHOP);
        assertFalse(get.headers().firstValue("Access-Control-Allow-Origin").isPresent(), get.headers().toString());
    }

    @Test
    void theWidgetAnswersAStorefrontOnAnotherOrigin() {
        Api.Res preflight = api.send("OPTIONS", "/api/widget/demo/conversations", null, "Origin", SHOP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,idempotency-key");
        assertEquals(200, preflight.status(), preflight.raw());
        assertEquals(SHOP, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null), preflight.headers().toString());
        assertTrue(preflight.headers().allValues("Access-Control-Allow-Methods").toString().contains("POST"), preflight.headers().toString());

        Api.Res started = api.send("POST", "/api/widget/demo/conversations", "{}", "Origin", SHOP);
        assertEquals(201, started.status(), started.raw());
        assertEquals(SHOP, started.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String id = started.body().get("conversationId").asText();
        String token = started.body().get("visitorToken").asText();

        Api.Res msgPreflight = api.send("OPTIONS", "/api/widget/conversations/" + id + "/messages", null, "Origin", SHOP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-visitor-token,idempotency-key");
        assertEquals(200, msgPreflight.status(), msgPreflight.raw());
        Api.Res said = api.send("POST", "/api/widget/conversations/" + id + "/messages", Api.json(Map.of("text", "hello from the shop")),
                "Origin", SHOP, "X-Visitor-Token", token);
        assertEquals(201, said.status(), said.raw());
        assertEquals(SHOP, said.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        Api.Res config = api.send("GET", "/api/widget/demo/config", null, "Origin", SHOP);
        assertEquals(200, config.status(), config.raw());
        assertEquals(SHOP, config.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        CompletableFuture<String> ready = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", SHOP).connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(api.base().replace("http", "ws") + "/ws/widget/conversations/" + id + "?token=" + token),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                ready.complete(data.toString());
                                return null;
                            }
                        }).orTimeout(10, TimeUnit.SECONDS).join();
        assertTrue(ready.orTimeout(10, TimeUnit.SECONDS).join().contains("ready"));
        ws.abort();
    }
}
