package dev.handoff.app.commerce;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders of a store connected to Shopify, from the Admin GraphQL API ({@code orders} query with the
 * search syntax {@code name:#1042} / {@code email:…}; fields per shopify.dev/docs/api/admin-graphql/2025-01/objects/Order).
 * Each order read is kept as a local copy in REST shape ({@link OrderService}), which webhooks keep
 * current: a copy written less than {@code handoff.shopify.fresh-for} (10 min) ago answers without a
 * call, and when the API fails the local copy answers, so order status survives an outage.
 */
@Singleton
public class ShopifyOrderSource implements OrderSource {

    private static final Logger LOG = LoggerFactory.getLogger(ShopifyOrderSource.class);
    static final String ORDERS_QUERY = """
            query Orders($query: String!, $first: Int!) {
              orders(first: $first, query: $query, sortKey: CREATED_AT, reverse: true) {
                nodes {
                  legacyResourceId name email createdAt cancelledAt displayFinancialStatus displayFulfillmentStatus
                  totalPriceSet { shopMoney { amount currencyCode } }
                  lineItems(first: 50) { nodes { title variantTitle quantity originalUnitPriceSet { shopMoney { amount } } } }
                  fulfillments(first: 20) { legacyResourceId status displayStatus createdAt trackingInfo(first: 10) { company number url } }
                }
              }
            }""";

    private final ShopifyConnections connections;
    private final ShopifyAdminClient client;
    private final OrderService local;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration freshFor;

    ShopifyOrderSource(ShopifyConnections connections, ShopifyAdminClient client, OrderService local, JsonMapper json, Clock clock,
                       @Value("${handoff.shopify.fresh-for:10m}") Duration freshFor) {
        this.connections = connections;
        this.client = client;
        this.local = local;
        this.json = json;
        this.clock = clock;
        this.freshFor = freshFor;
    }

    @Override
    public Optional<ShopifyOrder> findByNumber(UUID storeId, String orderNumber) {
        Optional<OrderService.Local> copy = local.findLocal(storeId, orderNumber);
        if (copy.isPresent() && copy.get().writtenAt().isAfter(clock.instant().minus(freshFor))) {
            return copy.map(OrderService.Local::order);
        }
        Optional<ShopifyConnections.Active> shop = connections.active(storeId);
        if (shop.isEmpty()) {
            return copy.map(OrderService.Local::order);
        }
        try {
            return fetch(shop.get(), "name:#" + orderNumber, 1).stream().filter(o -> o.orderNumber().equals(orderNumber)).findFirst();
        } catch (ShopifyAdminClient.ShopifyException e) {
            LOG.warn("Shopify unavailable, answering order {} from the local copy: {}", orderNumber, e.getMessage());
            return copy.map(OrderService.Local::order);
        }
    }

    @Override
    public List<ShopifyOrder> findByEmail(UUID storeId, String email, int limit) {
        Optional<ShopifyConnections.Active> shop = connections.active(storeId);
        if (shop.isPresent()) {
            try {
                return fetch(shop.get(), "email:\"" + email.replace("\"", "") + "\"", limit).stream()
                        .filter(o -> email.equalsIgnoreCase(o.email())).toList();
            } catch (ShopifyAdminClient.ShopifyException e) {
                LOG.warn("Shopify unavailable, answering orders of an email from the local copies: {}", e.getMessage());
            }
        }
        return local.findByEmail(storeId, email, limit);
    }

    /** Queries orders and stores each as a local copy. */
    private List<ShopifyOrder> fetch(ShopifyConnections.Active shop, String search, int first) {
        JsonNode data = client.query(shop, ORDERS_QUERY, Map.of("query", search, "first", Math.max(1, Math.min(first, 50))));
        List<ShopifyOrder> out = new ArrayList<>();
        JsonNode nodes = data == null || data.get("orders") == null ? null : data.get("orders").get("nodes");
        if (nodes == null || !nodes.isArray()) {
            throw new ShopifyAdminClient.ShopifyException("unexpected answer: " + data);
        }
        for (JsonNode node : nodes.values()) {
            out.add(local.upsert(shop.storeId(), toRest(node)));
        }
        return out;
    }

    /** @return the GraphQL order in the REST order shape the rest of the app reads */
    JsonNode toRest(JsonNode o) {
        Map<String, Object> rest = new LinkedHashMap<>();
        rest.put("id", text(o, "legacyResourceId"));
        rest.put("name", text(o, "name"));
        rest.put("email", text(o, "email"));
        rest.put("created_at", text(o, "createdAt"));
        rest.put("cancelled_at", text(o, "cancelledAt"));
        rest.put("financial_status", lower(text(o, "displayFinancialStatus")));
        rest.put("fulfillment_status", switch (String.valueOf(text(o, "displayFulfillmentStatus"))) {
            case "FULFILLED" -> "fulfilled";
            case "PARTIALLY_FULFILLED" -> "partial";
            case "RESTOCKED" -> "restocked";
            default -> null;
        });
        JsonNode money = path(o, "totalPriceSet", "shopMoney");
        rest.put("total_price", text(money, "amount"));
        rest.put("currency", text(money, "currencyCode"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (JsonNode li : nodes(path(o, "lineItems"))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("title", text(li, "title"));
            item.put("variant_title", text(li, "variantTitle"));
            item.put("quantity", li.get("quantity") != null && li.get("quantity").isNumber() ? li.get("quantity").getIntValue() : 1);
            item.put("price", text(path(li, "originalUnitPriceSet", "shopMoney"), "amount"));
            items.add(item);
        }
        rest.put("line_items", items);
        List<Map<String, Object>> fulfillments = new ArrayList<>();
        JsonNode fs = o.get("fulfillments");
        for (JsonNode f : fs != null && fs.isArray() ? fs.values() : List.<JsonNode>of()) {
            Map<String, Object> fulfillment = new LinkedHashMap<>();
            fulfillment.put("id", text(f, "legacyResourceId"));
            fulfillment.put("status", lower(text(f, "status")));
            String display = lower(text(f, "displayStatus"));
            fulfillment.put("shipment_status", "fulfilled".equals(display) ? null : display);
            fulfillment.put("created_at", text(f, "createdAt"));
            List<String> numbers = new ArrayList<>();
            List<String> urls = new ArrayList<>();
            String company = null;
            JsonNode tracking = f.get("trackingInfo");
            for (JsonNode t : tracking != null && tracking.isArray() ? tracking.values() : List.<JsonNode>of()) {
                if (text(t, "number") != null) {
                    numbers.add(text(t, "number"));
                }
                if (text(t, "url") != null) {
                    urls.add(text(t, "url"));
                }
                company = company == null ? text(t, "company") : company;
            }
            fulfillment.put("tracking_company", company);
            fulfillment.put("tracking_numbers", numbers);
            fulfillment.put("tracking_urls", urls);
            fulfillments.add(fulfillment);
        }
        rest.put("fulfillments", fulfillments);
        try {
            return json.readValue(json.writeValueAsString(rest), JsonNode.class);
        } catch (IOException e) {
            throw new ShopifyAdminClient.ShopifyException("cannot map an order: " + e.getMessage());
        }
    }

    private static Iterable<JsonNode> nodes(JsonNode connection) {
        JsonNode n = connection == null ? null : connection.get("nodes");
        return n != null && n.isArray() ? n.values() : List.of();
    }

    private static JsonNode path(JsonNode node, String... fields) {
        JsonNode n = node;
        for (String f : fields) {
            n = n == null ? null : n.get(f);
        }
        return n;
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n == null || n.isNull() ? null : n.coerceStringValue();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
