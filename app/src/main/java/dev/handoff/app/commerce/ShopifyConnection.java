package dev.handoff.app.commerce;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A store's connected Shopify shop.
 *
 * @param storeId     the store
 * @param shopDomain  e.g. {@code acme.myshopify.com}
 * @param accessToken the Admin API access token, sealed ({@link dev.handoff.app.platform.SecretBox})
 * @param apiSecret   the app's API secret key (signs webhooks), sealed
 * @param apiVersion  Admin API version, e.g. {@code 2025-01}
 * @param status      {@code active} or {@code uninstalled}
 * @param connectedAt when it was connected
 * @param updatedAt   last change
 */
@MappedEntity("shopify_connections")
public record ShopifyConnection(@Id UUID storeId, String shopDomain, String accessToken, String apiSecret, String apiVersion,
                                String status, Instant connectedAt, Instant updatedAt) {
}
