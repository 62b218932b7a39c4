package dev.handoff.app.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.ShopifyStub;
import dev.handoff.app.support.TestApp;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store connected to Shopify: secrets at rest, rate limits, outages, webhooks, and the assistant reading live orders. */
class ShopifyTest {

    private static final Api API = TestApp.api();
    private static String store;
    private static String shop;
    private static String token;
    private static String secret;

    @BeforeAll
    static void connect() {
        store = API.createStore("Shopify Store").id();
        token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        secret = "shpss_" + UUID.randomUUID().toString().replace("-", "");
        shop = "t" + store.substring(0, 8) + ".myshopify.com";
        ShopifyStub.shared().shop(token, OrderFixtures.graphQl(""));
        JsonNode view = API.admin("PUT", "/api/stores/" + store + "/shopify", Map.of("shopDomain", shop, "accessToken", token, "apiSecret", secret)).body();
        assertEquals("active", view.get("status").asText());
        assertFalse(view.toString().contains(token) || view.toString().contains(secret), "secrets are never shown");
    }

    private static ShopifyOrderSource source() {
        return API.app().context().getBean(ShopifyOrderSource.class);
    }

    private static Api.Res webhook(String topic, Object payload, String webhookId, String signWith) {
        String body = Api.json(payload);
        return API.send("POST", "/api/shopify/webhooks", body, "X-Shopify-Topic", topic, "X-Shopify-Shop-Domain", shop,
                "X-Shopify-Webhook-Id", webhookId, "X-Shopify-Hmac-Sha256", hmac(signWith, body), "X-Shopify-API-Version", "2025-01");
    }

    static String hmac(String key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tokensAreSealedAtRestAndBadConnectionsAreRefused() {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = API.app().context().getBean(TransactionOperations.class);
        String stored = tx.executeRead(s -> API.app().context()
                .getBean(JdbcOperations.class).prepareStatement("SELECT access_token || ' ' || api_secret FROM shopify_connections WHERE store_id = ?",
                        ps -> {
                            ps.setObject(1, UUID.fromString(store));
                            try (var rs = ps.executeQuery()) {
                                rs.next();
                                return rs.getString(1);
                            }
                        }));
        assertTrue(stored.startsWith("v2:") && !stored.contains(token) && !stored.contains(secret), stored);
        assertEquals(400, API.admin("PUT", "/api/stores/" + store + "/shopify", Map.of("shopDomain", "evil.example.com",
                "accessToken", "x", "apiSecret", "y")).status());
        String other = API.createStore("Other").id();
        assertEquals(409, API.admin("PUT", "/api/stores/" + other + "/shopify", Map.of("shopDomain", shop, "accessToken", "x",
                "apiSecret", "y")).status());
        assertEquals(404, API.admin("GET", "/api/stores/" + other + "/shopify", null).status());
    }

    @Test
    void throttledQueriesWaitForTheBucketAndOutagesAnswerFromTheLocalCopy() {
        ShopifyStub.shared().throttle(token, 1);
        long start = System.nanoTime();
        assertEquals("#5001", source().findByNumber(UUID.fromString(store), "5001").orElseThrow().name());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 500, "waited (102 - 40) / 100 s for the bucket");

        ShopifyStub.shared().down(token, true);
        try {
            assertEquals("#5001", source().findByNumber(UUID.fromString(store), "5001").orElseThrow().name(), "local copy");
            assertEquals(List.of("#5001"), source().findByEmail(UUID.fromString(store), "ana@example.com", 5).stream()
                    .map(ShopifyOrder::name).filter("#5001"::equals).toList());
        } finally {
            ShopifyStub.shared().down(token, false);
        }
    }

    @Test
    void signedWebhooksKeepTheLocalCopyCurrentOnceEach() {
        source().findByNumber(UUID.fromString(store), "5002");
        Map<String, Object> fulfillment = Map.of("id", 999001, "order_id", 820982911946154509L, "status", "success",
                "shipment_status", "out_for_delivery", "created_at", "2026-11-16T08:00:00Z", "tracking_company", "UPS",
                "tracking_numbers", List.of("1Z999AA10123456784"), "tracking_urls", List.of("https://www.ups.com/track?tracknum=1Z999AA10123456784"));
        assertEquals(401, webhook("fulfillments/create", fulfillment, "w-1", "wrong-secret").status());
        assertEquals("application/problem+json", webhook("fulfillments/create", fulfillment, "w-1", "wrong-secret").contentType());
        Api.Res ok = webhook("fulfillments/create", fulfillment, "w-1", secret);
        assertEquals(200, ok.status(), ok.raw());
        assertFalse(ok.body().get("duplicate").asBoolean());
        assertTrue(webhook("fulfillments/create", fulfillment, "w-1", secret).body().get("duplicate").asBoolean());

        ShopifyStub.shared().down(token, true);
        try {
            ShopifyOrder o = source().findByNumber(UUID.fromString(store), "5002").orElseThrow();
            assertEquals(List.of("1Z999AA10123456784"), o.shipments().get(0).trackingNumbers());
            assertEquals("out_for_delivery", o.shipments().get(0).shipmentStatus());

            Map<String, Object> updated = new java.util.HashMap<>(((List<Map<String, Object>>) OrderFixtures.restDocument("").get("orders")).get(2));
            updated.put("financial_status", "partially_refunded");
            assertEquals(200, webhook("orders/updated", updated, "w-2", secret).status());
            assertEquals("partially_refunded", source().findByNumber(UUID.fromString(store), "5003").orElseThrow().financialStatus());
            assertEquals(400, webhook("orders/updated", Map.of("note", "no name"), "w-3", secret).status());
        } finally {
            ShopifyStub.shared().down(token, false);
        }
    }

    /** Shopify's webhook without the id header: the body itself identifies the delivery. */
    private static Api.Res unnamedWebhook(String topic, Object payload) {
        String body = Api.json(payload);
        return API.send("POST", "/api/shopify/webhooks", body, "X-Shopify-Topic", topic, "X-Shopify-Shop-Domain", shop,
                "X-Shopify-Hmac-Sha256", hmac(secret, body), "X-Shopify-API-Version", "2025-01");
    }

    private static Map<String, Object> order7001(String financialStatus, Object trackingUrls, Object trackingUrl) {
        Map<String, Object> fulfillment = new java.util.HashMap<>(Map.of("id", 7001001, "status", "success", "created_at", "2026-11-21T09:00:00Z",
                "tracking_company", "DHL", "tracking_numbers", List.of("JD0001", "JD0002", "JD0003"), "tracking_urls", trackingUrls));
        fulfillment.put("tracking_url", trackingUrl);
        return Map.of("id", 820982911946157001L, "name", "#7001", "order_number", 7001, "email", "cara@example.com",
                "created_at", "2026-11-20T10:00:00Z", "financial_status", financialStatus, "total_price", "12.00", "currency", "EUR",
                "line_items", List.of(Map.of("title", "Mug", "quantity", 1, "price", "12.00")), "fulfillments", List.of(fulfillment));
    }

    @Test
    void aWebhookDeliveredTwiceIsAppliedOnceWithOrWithoutItsId() {
        ShopifyStub.shared().down(token, true); // answers from the local copy only
        try {
            Map<String, Object> paid = order7001("paid", List.of(), "https://track.example/JD0001");
            Map<String, Object> refunded = order7001("refunded", List.of(), "https://track.example/JD0001");
            assertFalse(unnamedWebhook("orders/updated", paid).body().get("duplicate").asBoolean());
            assertFalse(unnamedWebhook("orders/updated", refunded).body().get("duplicate").asBoolean());
            assertTrue(unnamedWebhook("orders/updated", paid).body().get("duplicate").asBoolean(), "the same body again, no id");
            assertTrue(webhook("orders/updated", paid, "w-" + UUID.randomUUID(), secret).body().get("duplicate").asBoolean(),
                    "the same body under a new id");
            assertEquals("refunded", API.admin("GET", "/api/stores/" + store + "/orders/7001", null).body().get("financialStatus").asText(),
                    "the earlier state was not applied again");
            String id = "w-" + UUID.randomUUID();
            Map<String, Object> partly = order7001("partially_refunded", List.of(), "https://track.example/JD0001");
            assertFalse(webhook("orders/updated", partly, id, secret).body().get("duplicate").asBoolean());
            assertTrue(webhook("orders/updated", order7001("voided", List.of(), null), id, secret).body().get("duplicate").asBoolean(),
                    "the same id is one delivery");
            assertEquals("partially_refunded", API.admin("GET", "/api/stores/" + store + "/orders/7001", null).body().get("financialStatus").asText());
        } finally {
            ShopifyStub.shared().down(token, false);
        }
    }

    @Test
    void onlyWebTrackingUrlsAreStoredOrShown() {
        ShopifyStub.shared().down(token, true);
        try {
            Map<String, Object> hostile = order7001("pending",
                    List.of("javascript:alert(document.cookie)", "https://track.example/JD0002", " JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "/relative"),
                    "vbscript:msgbox(1)");
            Api.Res r = webhook("orders/updated", hostile, "w-" + UUID.randomUUID(), secret);
            assertEquals(200, r.status(), r.raw());
            JsonNode shown = API.admin("GET", "/api/stores/" + store + "/orders/7001", null).body();
            assertEquals("[\"https://track.example/JD0002\"]", shown.get("shipments").get(0).get("trackingUrls").toString(), shown.toString());
            @SuppressWarnings("unchecked")
            TransactionOperations<Connection> tx = API.app().context().getBean(TransactionOperations.class);
            String raw = tx.executeRead(st -> API.app().context().getBean(JdbcOperations.class).prepareStatement(
                    "SELECT raw_json FROM orders WHERE store_id = ? AND order_number = '7001'", ps -> {
                        ps.setObject(1, UUID.fromString(store));
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getString(1);
                        }
                    }));
            assertTrue(raw.contains("https://track.example/JD0002"), raw);
            assertFalse(raw.toLowerCase().contains("script:") || raw.contains("data:text") || raw.contains("/relative"), "never stored: " + raw);
        } finally {
            ShopifyStub.shared().down(token, false);
        }
    }

    @Test
    void theAssistantAnswersOrderStatusFromShopify() {
        Api.Visitor v = API.startConversation(widgetKey(), "Ana", "ana@example.com");
        API.say(v, "Where is my order #5001?");
        JsonNode messages = API.settled(store, v.conversationId()).get("messages");
        String reply = messages.get(messages.size() - 1).get("text").asText();
        assertTrue(reply.contains("JD014600006253416325") && reply.contains("https://www.dhl.com/track?id=JD014600006253416325"), reply);
    }

    private static String widgetKey() {
        for (JsonNode s : API.admin("GET", "/api/stores", null).body()) {
            if (s.get("id").asText().equals(store)) {
                return s.get("widgetKey").asText();
            }
        }
        throw new AssertionError("store not listed");
    }

    @Test
    void complianceWebhooksAndUninstall() {
        String other = API.createStore("GDPR Store").id();
        String otherShop = "g" + other.substring(0, 8) + ".myshopify.com";
        String otherToken = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        ShopifyStub.shared().shop(otherToken, OrderFixtures.graphQl(""));
        API.admin("PUT", "/api/stores/" + other + "/shopify", Map.of("shopDomain", otherShop, "accessToken", otherToken, "apiSecret", "s3"));
        API.admin("POST", "/api/stores/" + other + "/orders/import", OrderFixtures.restDocument(""));
        String body = Api.json(Map.of("shop_domain", otherShop, "customer", Map.of("id", 1, "email", "ben@example.com"),
                "orders_to_redact", List.of(820982911946154510L)));
        Api.Res redact = API.send("POST", "/api/shopify/webhooks", body, "X-Shopify-Topic", "customers/redact", "X-Shopify-Shop-Domain", otherShop,
                "X-Shopify-Webhook-Id", "g-1", "X-Shopify-Hmac-Sha256", hmac("s3", body));
        assertEquals(200, redact.status(), redact.raw());
        assertEquals(2, API.admin("GET", "/api/stores/" + other + "/orders", null).body().size(), "Ben's order is gone");

        String uninstall = Api.json(Map.of("id", 1, "domain", otherShop));
        assertEquals(200, API.send("POST", "/api/shopify/webhooks", uninstall, "X-Shopify-Topic", "app/uninstalled", "X-Shopify-Shop-Domain",
                otherShop, "X-Shopify-Webhook-Id", "g-2", "X-Shopify-Hmac-Sha256", hmac("s3", uninstall)).status());
        assertEquals("uninstalled", API.admin("GET", "/api/stores/" + other + "/shopify", null).body().get("status").asText());

        String shopRedact = Api.json(Map.of("shop_id", 1, "shop_domain", otherShop));
        assertEquals(200, API.send("POST", "/api/shopify/webhooks", shopRedact, "X-Shopify-Topic", "shop/redact", "X-Shopify-Shop-Domain",
                otherShop, "X-Shopify-Webhook-Id", "g-3", "X-Shopify-Hmac-Sha256", hmac("s3", shopRedact)).status());
        assertEquals(0, API.admin("GET", "/api/stores/" + other + "/orders", null).body().size());
        assertEquals(404, API.admin("GET", "/api/stores/" + other + "/shopify", null).status());
    }
}
