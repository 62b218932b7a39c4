package dev.handoff.app.automation;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** The store's notifications and how their delivery went. */
@Controller("/api/stores/{storeId}/notifications")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class NotificationController {

    private final StoreService stores;
    private final Notifier notifier;

    NotificationController(StoreService stores, Notifier notifier) {
        this.stores = stores;
        this.notifier = notifier;
    }

    /** The latest 100, newest first: status {@code pending|sent|failed}, attempts, the last error. */
    @Get
    List<Notification> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return notifier.recent(storeId);
    }
}
