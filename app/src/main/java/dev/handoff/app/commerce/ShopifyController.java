package dev.handoff.app.commerce;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.UUID;

/** Connecting a store to Shopify, and Shopify's webhooks. */
@Controller
@Access(AccessLevel.STORE_ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
class ShopifyController {

    private final StoreService stores;
    private final ShopifyConnections connections;
    private final ShopifyWebhooks webhooks;

    ShopifyController(StoreService stores, ShopifyConnections connections, ShopifyWebhooks webhooks) {
        this.stores = stores;
        this.connections = connections;
        this.webhooks = webhooks;
    }

    /** The store's Shopify connection (no secrets); 404 when not connected. */
    @Access(AccessLevel.STORE_AGENT)
    @Get("/api/stores/{storeId}/shopify")
    @SecurityRequirement(name = "bearer")
    ShopifyConnections.View get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return connections.view(storeId).orElseThrow(() -> Problems.notFound("Shopify connection"));
    }

    /** Connects the store to its shop; order status then comes from the Admin API. */
    @Put("/api/stores/{storeId}/shopify")
    @SecurityRequirement(name = "bearer")
    ShopifyConnections.View connect(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, @Body Connect body) {
        stores.requireAccess(agent, storeId);
        return connections.connect(storeId, body.shopDomain(), body.accessToken(), body.apiSecret());
    }

    /** Disconnects the store (order status falls back to imported orders and the local copies). */
    @Delete("/api/stores/{storeId}/shopify")
    @Status(HttpStatus.NO_CONTENT)
    @SecurityRequirement(name = "bearer")
    void disconnect(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        connections.disconnect(storeId);
    }

    /**
     * Shopify webhook endpoint (subscribe every topic to {@code https://<handoff>/api/shopify/webhooks});
     * 200 when applied or already applied, 401 for a bad signature, 400 for an unusable payload.
     */
    @Access(AccessLevel.PUBLIC)
    @Post(value = "/api/shopify/webhooks", consumes = "*/*")
    Received webhook(@Header("X-Shopify-Shop-Domain") @Nullable String shop, @Header("X-Shopify-Topic") @Nullable String topic,
                     @Header("X-Shopify-Webhook-Id") @Nullable String webhookId,
                     @Header("X-Shopify-Hmac-Sha256") @Nullable String hmac, @Body byte[] body) {
        ShopifyWebhooks.Outcome outcome = webhooks.receive(shop, topic, webhookId, hmac, body);
        return new Received(outcome.topic(), !outcome.applied());
    }

    /**
     * @param shopDomain  {@code <shop>.myshopify.com}
     * @param accessToken Admin API access token with {@code read_orders} (and {@code read_fulfillments})
     * @param apiSecret   the app's API secret key (verifies webhooks)
     */
    @Serdeable
    record Connect(String shopDomain, String accessToken, String apiSecret) {
    }

    /** @param topic the webhook topic @param duplicate whether this delivery had been applied before */
    @Serdeable
    record Received(String topic, boolean duplicate) {
    }
}
