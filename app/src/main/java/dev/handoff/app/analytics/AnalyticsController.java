package dev.handoff.app.analytics;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Support analytics for merchants. */
@Controller("/api/stores/{storeId}/analytics")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class AnalyticsController {

    private final StoreService stores;
    private final AnalyticsService analytics;

    AnalyticsController(StoreService stores, AnalyticsService analytics) {
        this.stores = stores;
        this.analytics = analytics;
    }

    /** Conversations created in [{@code from}, {@code to}) (ISO-8601; default the last 30 days; at most 366 days). */
    @Get
    AnalyticsService.Analytics get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                   @QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to) {
        stores.requireAccess(agent, storeId);
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : from;
        if (!start.isBefore(end) || Duration.between(start, end).toDays() > 366) {
            throw Problems.badRequest("from must be before to, at most 366 days apart");
        }
        return analytics.of(storeId, start, end);
    }
}
