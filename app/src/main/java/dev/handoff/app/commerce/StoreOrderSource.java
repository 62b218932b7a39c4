package dev.handoff.app.commerce;

import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The order source the assistant uses: Shopify for a store connected to its shop, the imported orders otherwise. */
@Primary
@Singleton
class StoreOrderSource implements OrderSource {

    private final ShopifyConnections connections;
    private final ShopifyOrderSource shopify;
    private final OrderService imported;

    StoreOrderSource(ShopifyConnections connections, ShopifyOrderSource shopify, OrderService imported) {
        this.connections = connections;
        this.shopify = shopify;
        this.imported = imported;
    }

    private OrderSource of(UUID storeId) {
        return connections.view(storeId).isPresent() ? shopify : imported;
    }

    @Override
    public Optional<ShopifyOrder> findByNumber(UUID storeId, String orderNumber) {
        return of(storeId).findByNumber(storeId, orderNumber);
    }

    @Override
    public List<ShopifyOrder> findByEmail(UUID storeId, String email, int limit) {
        return of(storeId).findByEmail(storeId, email, limit);
    }
}
