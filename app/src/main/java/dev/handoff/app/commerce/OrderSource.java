package dev.handoff.app.commerce;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the assistant reads a store's orders from: orders imported from a Shopify {@code orders.json}
 * export, or (for connected stores) the Shopify Admin API.
 */
public interface OrderSource {

    /** @return the store's order with this number (digits only, e.g. {@code 1042}) */
    Optional<ShopifyOrder> findByNumber(UUID storeId, String orderNumber);

    /** @return the store's orders placed with this email, newest first, at most {@code limit} */
    List<ShopifyOrder> findByEmail(UUID storeId, String email, int limit);
}
