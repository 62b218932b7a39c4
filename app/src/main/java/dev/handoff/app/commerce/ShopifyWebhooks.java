package dev.handoff.app.commerce;

import dev.handoff.app.conversation.ContactErasure;
import dev.handoff.app.platform.Problems;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Shopify webhooks (shopify.dev/docs/apps/build/webhooks): each delivery is verified with
 * {@code X-Shopify-Hmac-Sha256} (base64 HMAC-SHA256 of the raw body with the app's API secret,
 * compared in constant time), recorded by {@code X-Shopify-Webhook-Id} and by a SHA-256 digest of topic and body
 * (for a copy without the header, or resent under another id) so a redelivery is applied
 * once, and applied in one transaction:
 * <ul>
 *   <li>{@code orders/create}, {@code orders/updated}: the order (REST shape) replaces its local copy;</li>
 *   <li>{@code fulfillments/create}, {@code fulfillments/update}: the fulfillment is merged into its order's copy;</li>
 *   <li>{@code app/uninstalled}: the connection is marked uninstalled and its token forgotten;</li>
 *   <li>{@code customers/data_request}: recorded for the merchant to answer;</li>
 *   <li>{@code customers/redact}: the customer's local orders are deleted and their contact and messages redacted;</li>
 *   <li>{@code shop/redact}: every local order of the shop is deleted and the connection removed.</li>
 * </ul>
 */
@Singleton
class ShopifyWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(ShopifyWebhooks.class);

    private final ShopifyConnections connections;
    private final ShopifyConnectionRepository repository;
    private final OrderService orders;
    private final ContactErasure erasure;
    private final JsonMapper json;
    private final Clock clock;

    ShopifyWebhooks(ShopifyConnections connections, ShopifyConnectionRepository repository, OrderService orders,
                    ContactErasure erasure, JsonMapper json, Clock clock) {
        this.connections = connections;
        this.repository = repository;
        this.orders = orders;
        this.erasure = erasure;
        this.json = json;
        this.clock = clock;
    }

    /** @param applied whether this delivery changed anything (false for a redelivery) @param topic its topic */
    record Outcome(boolean applied, String topic) {
    }

    /**
     * Verifies and applies one delivery.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 401 for a missing or wrong signature or an
     *         unknown shop; 400 for a payload the topic cannot use
     */
    @Transactional
    public Outcome receive(String shopDomain, String topic, String webhookId, String hmac, byte[] body) {
        if (shopDomain == null || topic == null || hmac == null) {
            throw Problems.unauthorized("X-Shopify-Shop-Domain, X-Shopify-Topic and X-Shopify-Hmac-Sha256 are required");
        }
        ShopifyConnections.Signed shop = connections.byShop(shopDomain)
                .orElseThrow(() -> Problems.unauthorized("Unknown shop " + shopDomain));
        if (!verify(shop.apiSecret(), body, hmac)) {
            throw Problems.unauthorized("Webhook signature does not match");
        }
        UUID storeId = shop.connection().storeId();
        // a redelivery carries the same X-Shopify-Webhook-Id; a copy without it (or resent under a new id) the same bytes
        boolean newId = webhookId == null || webhookId.isBlank() || repository.recordDelivery(webhookId, storeId, topic, clock.instant()) == 1;
        boolean newBody = repository.recordDelivery(digest(storeId, topic, body), storeId, topic, clock.instant()) == 1;
        if (!newId || !newBody) {
            return new Outcome(false, topic);
        }
        JsonNode payload;
        try {
            payload = json.readValue(body, JsonNode.class);
        } catch (IOException e) {
            throw Problems.badRequest("Webhook body is not JSON: " + e.getMessage());
        }
        if (payload == null || !payload.isObject()) {
            throw Problems.badRequest("Webhook body must be a JSON object");
        }
        try {
            apply(shop.connection(), topic, payload, body);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest(topic + ": " + e.getMessage());
        }
        return new Outcome(true, topic);
    }

    private void apply(ShopifyConnection shop, String topic, JsonNode payload, byte[] body) {
        UUID storeId = shop.storeId();
        switch (topic) {
            case "orders/create", "orders/updated" -> orders.upsert(storeId, payload);
            case "fulfillments/create", "fulfillments/update" -> {
                if (!orders.applyFulfillment(storeId, payload)) {
                    LOG.debug("Fulfillment for an order without a local copy: read from the API on the next lookup");
                }
            }
            case "app/uninstalled" -> connections.uninstalled(shop);
            case "customers/data_request" -> record(storeId, topic, body);
            case "customers/redact" -> {
                record(storeId, topic, body);
                JsonNode customer = payload.get("customer");
                String email = customer == null || customer.get("email") == null ? null : customer.get("email").coerceStringValue();
                List<String> ids = new ArrayList<>();
                JsonNode toRedact = payload.get("orders_to_redact");
                if (toRedact != null && toRedact.isArray()) {
                    toRedact.values().forEach(n -> ids.add(n.isNumber() ? String.valueOf(n.getLongValue()) : n.coerceStringValue()));
                }
                int deleted = orders.redactCustomer(storeId, email, ids);
                int redacted = erasure.redactContact(storeId, email);
                LOG.info("Shopify customers/redact: {} orders deleted, {} conversations redacted", deleted, redacted);
            }
            case "shop/redact" -> {
                record(storeId, topic, body);
                orders.deleteAll(storeId);
                connections.disconnect(storeId);
            }
            default -> LOG.info("Shopify webhook {} ignored", topic);
        }
    }

    /** @return the delivery key of a body: {@code sha256:<store>:<hex SHA-256 of topic, newline, body>} */
    private static String digest(UUID storeId, String topic, byte[] body) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((topic + "\n").getBytes(StandardCharsets.UTF_8));
            return "sha256:" + storeId + ":" + java.util.HexFormat.of().formatHex(sha.digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(UUID storeId, String topic, byte[] body) {
        repository.recordComplianceRequest(UUID.randomUUID(), storeId, topic, new String(body, StandardCharsets.UTF_8), clock.instant());
    }

    /** @return whether {@code hmac} is the base64 HMAC-SHA256 of {@code body} under {@code secret} */
    static boolean verify(String secret, byte[] body, String hmac) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            byte[] given = Base64.getDecoder().decode(hmac.strip());
            return MessageDigest.isEqual(expected, given);
        } catch (IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
