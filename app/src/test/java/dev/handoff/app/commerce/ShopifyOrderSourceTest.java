package dev.handoff.app.commerce;

import dev.handoff.app.support.ShopifyStub;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The order source contract on the Shopify Admin GraphQL API (a loopback stub of it). */
class ShopifyOrderSourceTest extends OrderSourceContract {

    @Override
    UUID storeWithOrders(String prefix) {
        UUID store = newStore("Shopify " + prefix);
        String token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        ShopifyStub.shared().shop(token, OrderFixtures.graphQl(prefix));
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/shopify", Map.of("shopDomain", "s" + store.toString().substring(0, 8)
                + ".myshopify.com", "accessToken", token, "apiSecret", "secret-" + token)).status());
        return store;
    }

    @Override
    OrderSource source() {
        return API.app().context().getBean(ShopifyOrderSource.class);
    }
}
