package dev.handoff.app.commerce;

import java.util.UUID;

/** The order source contract on orders imported from an {@code orders.json} export. */
class ImportedOrderSourceTest extends OrderSourceContract {

    @Override
    UUID storeWithOrders(String prefix) {
        UUID store = newStore("Imported " + prefix);
        API.admin("POST", "/api/stores/" + store + "/orders/import", OrderFixtures.restDocument(prefix));
        return store;
    }

    @Override
    OrderSource source() {
        return API.app().context().getBean(OrderService.class);
    }
}
