package dev.handoff.app.commerce;

import java.util.List;
import java.util.Map;

/**
 * The same three orders in the two shapes Shopify serves them: the REST Admin API order resource
 * (an {@code orders.json} export, webhooks) and the Admin GraphQL {@code Order} object.
 */
final class OrderFixtures {

    private OrderFixtures() {
    }

    static Map<String, Object> restDocument(String emailPrefix) {
        return map("orders", List.of(
                map("id", 820982911946154508L, "name", "#5001", "order_number", 5001, "email", emailPrefix + "ana@example.com",
                        "created_at", "2026-11-10T10:00:00Z", "financial_status", "paid", "fulfillment_status", "fulfilled",
                        "total_price", "84.50", "currency", "EUR",
                        "line_items", List.of(map("title", "Trail Runner", "variant_title", "42 / Blue", "quantity", 1, "price", "84.50")),
                        "fulfillments", List.of(map("id", 255858046, "status", "success", "shipment_status", "in_transit",
                                "created_at", "2026-11-11T09:00:00Z", "tracking_company", "DHL",
                                "tracking_numbers", List.of("JD014600006253416325"),
                                "tracking_urls", List.of("https://www.dhl.com/track?id=JD014600006253416325")))),
                map("id", 820982911946154509L, "name", "#5002", "order_number", 5002, "email", emailPrefix + "ana@example.com",
                        "created_at", "2026-11-15T10:00:00Z", "financial_status", "paid",
                        "total_price", "19.00", "currency", "EUR",
                        "line_items", List.of(map("title", "Wool Socks", "quantity", 2, "price", "9.50")),
                        "fulfillments", List.of()),
                map("id", 820982911946154510L, "name", "#5003", "order_number", 5003, "email", emailPrefix + "ben@example.com",
                        "created_at", "2026-11-12T10:00:00Z", "financial_status", "refunded",
                        "total_price", "30.00", "currency", "EUR",
                        "line_items", List.of(map("title", "Cap", "quantity", 1, "price", "30.00")),
                        "fulfillments", List.of())));
    }

    static List<Map<String, Object>> graphQl(String emailPrefix) {
        return List.of(
                map("legacyResourceId", "820982911946154508", "name", "#5001", "email", emailPrefix + "ana@example.com",
                        "createdAt", "2026-11-10T10:00:00Z", "displayFinancialStatus", "PAID", "displayFulfillmentStatus", "FULFILLED",
                        "totalPriceSet", money("84.50"),
                        "lineItems", map("nodes", List.of(map("title", "Trail Runner", "variantTitle", "42 / Blue", "quantity", 1,
                                "originalUnitPriceSet", money("84.50")))),
                        "fulfillments", List.of(map("legacyResourceId", "255858046", "status", "SUCCESS", "displayStatus", "IN_TRANSIT",
                                "createdAt", "2026-11-11T09:00:00Z", "trackingInfo", List.of(map("company", "DHL",
                                        "number", "JD014600006253416325", "url", "https://www.dhl.com/track?id=JD014600006253416325"))))),
                map("legacyResourceId", "820982911946154509", "name", "#5002", "email", emailPrefix + "ana@example.com",
                        "createdAt", "2026-11-15T10:00:00Z", "displayFinancialStatus", "PAID", "displayFulfillmentStatus", "UNFULFILLED",
                        "totalPriceSet", money("19.00"),
                        "lineItems", map("nodes", List.of(map("title", "Wool Socks", "quantity", 2, "originalUnitPriceSet", money("9.50")))),
                        "fulfillments", List.of()),
                map("legacyResourceId", "820982911946154510", "name", "#5003", "email", emailPrefix + "ben@example.com",
                        "createdAt", "2026-11-12T10:00:00Z", "displayFinancialStatus", "REFUNDED", "displayFulfillmentStatus", "UNFULFILLED",
                        "totalPriceSet", money("30.00"),
                        "lineItems", map("nodes", List.of(map("title", "Cap", "quantity", 1, "originalUnitPriceSet", money("30.00")))),
                        "fulfillments", List.of()));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static Map<String, Object> money(String amount) {
        return map("shopMoney", map("amount", amount, "currencyCode", "EUR"));
    }
}
