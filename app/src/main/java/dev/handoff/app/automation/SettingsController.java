package dev.handoff.app.automation;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.UUID;

/** A store's automation settings. */
@Controller("/api/stores/{storeId}/settings")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class SettingsController {

    private final StoreService stores;
    private final SettingsService settings;

    SettingsController(StoreService stores, SettingsService settings) {
        this.stores = stores;
        this.settings = settings;
    }

    @Get
    SettingsService.Settings get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return settings.of(storeId);
    }

    /** Changes any of the settings; the others stay. */
    @Access(AccessLevel.STORE_ADMIN)
    @Patch
    SettingsService.Settings update(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                    @Body SettingsService.Patch body) {
        stores.requireAccess(agent, storeId);
        return settings.update(storeId, body);
    }
}
