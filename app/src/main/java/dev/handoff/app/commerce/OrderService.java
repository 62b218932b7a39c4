package dev.handoff.app.commerce;

import dev.handoff.app.platform.Problems;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders kept locally: imported from Shopify's {@code {"orders":[...]}} export shape and read back
 * as the {@link OrderSource} of stores without API access.
 */
@Singleton
public class OrderService implements OrderSource {

    private final OrderRepository orders;
    private final JsonMapper json;
    private final Clock clock;

    OrderService(OrderRepository orders, JsonMapper json, Clock clock) {
        this.orders = orders;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Imports (inserts or replaces by order number) every order of a Shopify orders document.
     * All or nothing: one malformed order rejects the whole import with its index.
     *
     * @param document {@code {"orders":[...]}} in the REST Admin API order shape
     * @return counts
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 naming the bad order
     */
    @Transactional
    public ImportResult importOrders(UUID storeId, JsonNode document) {
        JsonNode list = document == null ? null : document.get("orders");
        if (list == null || !list.isArray()) {
            throw Problems.badRequest("Body must be {\"orders\": [...]} as in Shopify's orders.json");
        }
        int created = 0;
        int updated = 0;
        int i = 0;
        for (JsonNode node : list.values()) {
            ShopifyOrder parsed;
            try {
                parsed = ShopifyOrder.parse(node);
            } catch (IllegalArgumentException e) {
                throw Problems.badRequest("orders[" + i + "]: " + e.getMessage());
            }
            String raw = write(node);
            Instant now = clock.instant();
            Optional<Order> existing = orders.findByStoreIdAndOrderNumber(storeId, parsed.orderNumber());
            Order row = new Order(existing.map(Order::id).orElseGet(UUID::randomUUID), storeId, parsed.name(), parsed.orderNumber(),
                    parsed.email(), parsed.financialStatus(), parsed.fulfillmentStatus(), parsed.totalPrice(), parsed.currency(),
                    raw, parsed.createdAt(), now);
            if (existing.isPresent()) {
                orders.update(row);
                updated++;
            } else {
                orders.save(row);
                created++;
            }
            i++;
        }
        return new ImportResult(created, updated);
    }

    @Override
    public Optional<ShopifyOrder> findByNumber(UUID storeId, String orderNumber) {
        return orders.findByStoreIdAndOrderNumber(storeId, orderNumber).map(this::parse);
    }

    @Override
    public List<ShopifyOrder> findByEmail(UUID storeId, String email, int limit) {
        return orders.findByEmail(storeId, email, limit).stream().map(this::parse).toList();
    }

    /** @return a page of the store's orders, newest first */
    public List<ShopifyOrder> list(UUID storeId, int limit, int offset) {
        return orders.list(storeId, Math.max(1, Math.min(limit, 200)), Math.max(0, offset)).stream().map(this::parse).toList();
    }

    private ShopifyOrder parse(Order o) {
        try {
            return ShopifyOrder.parse(json.readValue(o.rawJson(), JsonNode.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param created new orders @param updated replaced orders */
    @Serdeable
    public record ImportResult(int created, int updated) {
    }
}
