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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders kept locally, in Shopify's REST order shape: imported from an {@code {"orders":[...]}} export
 * (the {@link OrderSource} of stores without API access), and, for stores connected to Shopify, the
 * local copy kept current by webhooks and API lookups so that order answers stay fast and survive an
 * API outage.
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
            try {
                if (store(storeId, node)) {
                    created++;
                } else {
                    updated++;
                }
            } catch (IllegalArgumentException e) {
                throw Problems.badRequest("orders[" + i + "]: " + e.getMessage());
            }
            i++;
        }
        return new ImportResult(created, updated);
    }

    /**
     * Stores or replaces one order (by order number) in the REST order shape.
     *
     * @return the parsed order
     * @throws IllegalArgumentException when the order is malformed
     */
    @Transactional
    public ShopifyOrder upsert(UUID storeId, JsonNode order) {
        store(storeId, order);
        return ShopifyOrder.parse(order);
    }

    /** @return whether the order was new */
    private boolean store(UUID storeId, JsonNode node) {
        ShopifyOrder parsed = ShopifyOrder.parse(node);
        String raw = withoutUnsafeTrackingUrls(node);
        Instant now = clock.instant();
        JsonNode id = node.get("id");
        String externalId = id == null || id.isNull() ? null : id.isNumber() ? String.valueOf(id.getLongValue()) : id.coerceStringValue();
        Optional<Order> existing = orders.findByStoreIdAndOrderNumber(storeId, parsed.orderNumber());
        Order row = new Order(existing.map(Order::id).orElseGet(UUID::randomUUID), storeId, parsed.name(), parsed.orderNumber(),
                parsed.email(), parsed.financialStatus(), parsed.fulfillmentStatus(), parsed.totalPrice(), parsed.currency(),
                raw, parsed.createdAt(), now, externalId);
        if (existing.isPresent()) {
            orders.update(row);
            return false;
        }
        orders.save(row);
        return true;
    }

    /**
     * Applies a Shopify fulfillment (REST shape, with {@code order_id}) to the local copy of its order:
     * the fulfillment with the same {@code id} is replaced, or it is added.
     *
     * @return whether the order was known locally
     */
    @Transactional
    public boolean applyFulfillment(UUID storeId, JsonNode fulfillment) {
        JsonNode orderId = fulfillment.get("order_id");
        if (orderId == null || orderId.isNull()) {
            throw new IllegalArgumentException("fulfillment without order_id");
        }
        String externalId = orderId.isNumber() ? String.valueOf(orderId.getLongValue()) : orderId.coerceStringValue();
        Optional<Order> existing = orders.findByStoreIdAndExternalId(storeId, externalId);
        if (existing.isEmpty()) {
            return false;
        }
        Map<String, Object> order = readMap(existing.get().rawJson());
        List<Object> fulfillments = new ArrayList<>();
        Object current = order.get("fulfillments");
        Map<String, Object> incoming = readMap(write(fulfillment));
        boolean replaced = false;
        if (current instanceof List<?> list) {
            for (Object f : list) {
                if (f instanceof Map<?, ?> m && Objects.equals(String.valueOf(m.get("id")), String.valueOf(incoming.get("id")))) {
                    fulfillments.add(incoming);
                    replaced = true;
                } else {
                    fulfillments.add(f);
                }
            }
        }
        if (!replaced) {
            fulfillments.add(incoming);
        }
        order.put("fulfillments", fulfillments);
        store(storeId, readTree(write(order)));
        return true;
    }

    /** Deletes the local orders of one customer (GDPR {@code customers/redact}). @return orders deleted */
    @Transactional
    public int redactCustomer(UUID storeId, String email, List<String> externalIds) {
        return orders.deleteCustomer(storeId, email == null ? "" : email, externalIds.isEmpty() ? List.of("-") : externalIds);
    }

    /** Deletes every local order of the store (GDPR {@code shop/redact}). @return orders deleted */
    @Transactional
    public int deleteAll(UUID storeId) {
        return orders.deleteAllOf(storeId);
    }

    /** @return the local copy of an order and when it was written, or empty */
    public Optional<Local> findLocal(UUID storeId, String orderNumber) {
        return orders.findByStoreIdAndOrderNumber(storeId, orderNumber).map(o -> new Local(parse(o), o.updatedAt()));
    }

    /** @param order the order @param writtenAt when the local copy was written */
    public record Local(ShopifyOrder order, Instant writtenAt) {
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

    /**
     * @return the order as JSON with every fulfillment's {@code tracking_url} / {@code tracking_urls} that is not an
     *         absolute {@code http(s)} URL removed ({@code javascript:}, {@code data:}, relative…), so nothing stored can
     *         become a script link in the dashboard, the widget or a canned response
     */
    private String withoutUnsafeTrackingUrls(JsonNode node) {
        Map<String, Object> order = readMap(write(node));
        if (order.get("fulfillments") instanceof List<?> fulfillments) {
            for (Object f : fulfillments) {
                if (f instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked") Map<String, Object> fulfillment = (Map<String, Object>) m;
                    if (fulfillment.containsKey("tracking_url") && !(fulfillment.get("tracking_url") instanceof String u && ShopifyOrder.isWebUrl(u))) {
                        fulfillment.remove("tracking_url");
                    }
                    if (fulfillment.get("tracking_urls") instanceof List<?> urls) {
                        fulfillment.put("tracking_urls", urls.stream().filter(u -> u instanceof String s && ShopifyOrder.isWebUrl(s)).toList());
                    }
                }
            }
        }
        return write(order);
    }

    private Map<String, Object> readMap(String raw) {
        try {
            return json.readValue(raw, io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readTree(String raw) {
        try {
            return json.readValue(raw, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object node) {
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
