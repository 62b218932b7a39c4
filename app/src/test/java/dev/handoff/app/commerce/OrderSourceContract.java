package dev.handoff.app.commerce;

import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link OrderSource} answers for the same orders; a subclass per source. */
abstract class OrderSourceContract {

    static final Api API = TestApp.api();

    /** @return a new store whose orders are those of {@link OrderFixtures} with emails prefixed by {@code prefix} */
    abstract UUID storeWithOrders(String prefix);

    /** @return the source under test */
    abstract OrderSource source();

    static UUID newStore(String name) {
        return UUID.fromString(API.createStore(name).id());
    }

    @Test
    void findsAnOrderByNumberWithItemsTotalsAndTracking() {
        UUID store = storeWithOrders("a.");
        ShopifyOrder o = source().findByNumber(store, "5001").orElseThrow();
        assertEquals("#5001", o.name());
        assertEquals("a.ana@example.com", o.email());
        assertEquals("paid", o.financialStatus());
        assertEquals("fulfilled", o.fulfillmentStatus());
        assertEquals("84.50 EUR", o.total());
        assertEquals(Instant.parse("2026-11-10T10:00:00Z"), o.createdAt());
        assertEquals("Trail Runner", o.items().get(0).title());
        ShopifyOrder.Shipment s = o.shipments().get(0);
        assertEquals("DHL", s.carrier());
        assertEquals(List.of("JD014600006253416325"), s.trackingNumbers());
        assertEquals(List.of("https://www.dhl.com/track?id=JD014600006253416325"), s.trackingUrls());
        assertEquals("in_transit", s.shipmentStatus());

        ShopifyOrder unfulfilled = source().findByNumber(store, "5002").orElseThrow();
        assertEquals(null, unfulfilled.fulfillmentStatus());
        assertTrue(unfulfilled.shipments().isEmpty());
        assertEquals("refunded", source().findByNumber(store, "5003").orElseThrow().financialStatus());
        assertTrue(source().findByNumber(store, "9999").isEmpty());
    }

    @Test
    void findsACustomersOrdersByEmailNewestFirst() {
        UUID store = storeWithOrders("b.");
        assertEquals(List.of("#5002", "#5001"), source().findByEmail(store, "B.Ana@Example.com", 10).stream().map(ShopifyOrder::name).toList());
        assertEquals(List.of("#5002"), source().findByEmail(store, "b.ana@example.com", 1).stream().map(ShopifyOrder::name).toList());
        assertTrue(source().findByEmail(store, "nobody@example.com", 10).isEmpty());
    }

    @Test
    void aStoreNeverSeesAnotherStoresOrders() {
        storeWithOrders("c.");
        UUID empty = newStore("No orders");
        assertTrue(source().findByNumber(empty, "5001").isEmpty());
        assertTrue(source().findByEmail(empty, "c.ana@example.com", 10).isEmpty());
    }
}
