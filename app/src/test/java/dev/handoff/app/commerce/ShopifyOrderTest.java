package dev.handoff.app.commerce;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShopifyOrderTest {

    private static JsonNode node(Map<String, Object> m) {
        return JsonNode.from(new ObjectMapper().convertValue(m, Map.class));
    }

    @Test
    void parsesTheRestShapeAndMergesTrackingFields() {
        ShopifyOrder o = ShopifyOrder.parse(node(Map.of("name", "#1042", "order_number", 1042, "email", "a@b.co",
                "created_at", "2026-11-10T10:00:00-05:00", "financial_status", "paid", "fulfillment_status", "fulfilled",
                "total_price", "59.9", "currency", "USD",
                "line_items", List.of(Map.of("title", "Shirt", "variant_title", "M", "quantity", 2, "price", "29.95")),
                "fulfillments", List.of(Map.of("tracking_company", "UPS", "tracking_number", "1Z1", "tracking_numbers", List.of("1Z1", "1Z2"),
                        "tracking_urls", List.of("https://ups/1Z1", "https://ups/1Z2"), "shipment_status", "in_transit",
                        "created_at", "2026-11-11T10:00:00Z")))));
        assertEquals("1042", o.orderNumber());
        assertEquals(Instant.parse("2026-11-10T15:00:00Z"), o.createdAt());
        assertEquals(List.of("1Z1", "1Z2"), o.shipments().get(0).trackingNumbers());
        assertEquals("59.90 USD", o.total());
        assertFalse(o.delayed(Instant.parse("2026-11-15T00:00:00Z")));
        assertTrue(o.delayed(Instant.parse("2026-11-25T00:00:00Z")), "in transit for more than ten days");
    }

    @Test
    void unshippedOrdersAreDelayedAfterThreeDaysAndBadOrdersAreNamed() {
        ShopifyOrder o = ShopifyOrder.parse(node(Map.of("name", "#7", "created_at", "2026-11-10T00:00:00Z")));
        assertFalse(o.delayed(Instant.parse("2026-11-12T00:00:00Z")));
        assertTrue(o.delayed(Instant.parse("2026-11-14T00:00:00Z")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShopifyOrder.parse(node(Map.of("name", "#8"))));
        assertTrue(e.getMessage().contains("created_at"));
    }
}
