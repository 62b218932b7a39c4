package dev.handoff.app.commerce;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** Store orders: import from a Shopify {@code orders.json} export, list, read one. */
@io.micronaut.validation.Validated
@Controller("/api/stores/{storeId}/orders")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class OrderController {

    private final StoreService stores;
    private final OrderService orders;

    OrderController(StoreService stores, OrderService orders) {
        this.stores = stores;
        this.orders = orders;
    }

    /** Imports {@code {"orders":[...]}} (Shopify REST order shape); re-importing an order replaces it. */
    @Access(AccessLevel.STORE_ADMIN)
    @Post("/import")
    OrderService.ImportResult importOrders(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                           @Body JsonNode body) {
        stores.requireAccess(agent, storeId);
        return orders.importOrders(storeId, body);
    }

    /** Lists orders, newest first. */
    @Get
    List<ShopifyOrder> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                            @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit, @QueryValue(defaultValue = "0") @Min(0) @Max(100_000) int offset) {
        stores.requireAccess(agent, storeId);
        return orders.list(storeId, limit, offset);
    }

    /** Reads one order by number ({@code 1042} or {@code #1042} URL-encoded). */
    @Get("/{number}")
    ShopifyOrder get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, String number) {
        stores.requireAccess(agent, storeId);
        return orders.findByNumber(storeId, number.replaceAll("\\D", ""))
                .orElseThrow(() -> Problems.notFound("Order"));
    }
}
