package dev.handoff.app.commerce;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A store order as stored locally (from an import or the store's API). The full Shopify order JSON
 * is kept in {@code rawJson}; the indexed columns are copies for lookups.
 *
 * @param id                local id
 * @param storeId           tenant
 * @param name              the order's display name, e.g. {@code #1042}
 * @param orderNumber       the digits of the name, e.g. {@code 1042}
 * @param email             the customer's email, or {@code null}
 * @param financialStatus   Shopify {@code financial_status}, e.g. {@code paid}
 * @param fulfillmentStatus Shopify {@code fulfillment_status}: {@code null} (unfulfilled), {@code partial}, {@code fulfilled}
 * @param totalPrice        decimal string, e.g. {@code 59.90}
 * @param currency          ISO 4217 code
 * @param rawJson           the order object in Shopify's REST Admin API shape
 * @param createdAt         when the order was placed (UTC)
 * @param updatedAt         when this local copy was last written (UTC)
 * @param externalId        the order's Shopify id (numeric REST id), or {@code null}
 */
@MappedEntity("orders")
public record Order(@Id UUID id, UUID storeId, String name, String orderNumber, @Nullable String email,
                    @Nullable String financialStatus, @Nullable String fulfillmentStatus, @Nullable String totalPrice,
                    @Nullable String currency, String rawJson, Instant createdAt, Instant updatedAt, @Nullable String externalId) {
}
