package dev.handoff.app.helpcenter;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
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
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** The help center's figures for the merchant: views and feedback per item, searches without result, deflection. */
@Controller("/api/stores/{storeId}/help")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class HelpStatsController {

    private final StoreService stores;
    private final HelpEvents events;
    private final HelpCenter help;

    HelpStatsController(StoreService stores, HelpEvents events, HelpCenter help) {
        this.stores = stores;
        this.events = events;
        this.help = help;
    }

    /** The help center's public address: {@code {"url"}} (for "View on the help center"). */
    @Get
    Address address(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        var store = stores.requireAccess(agent, storeId);
        return new Address(help.site(store.widgetKey()).orElseThrow(() -> Problems.notFound("Help center")).base());
    }

    /** @param url absolute address of the store's help center home page */
    @io.micronaut.serde.annotation.Serdeable
    record Address(String url) {
    }

    /** Figures of events in [from, to) (ISO-8601 instants; default: the last 30 days); 400 for a bad period. */
    @Get("/stats")
    HelpEvents.Stats stats(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                           @QueryValue @Nullable String from, @QueryValue @Nullable String to) {
        stores.requireAccess(agent, storeId);
        Instant end = parse(to, "to", Instant.now());
        Instant start = parse(from, "from", end.minus(Duration.ofDays(30)));
        if (!start.isBefore(end)) {
            throw Problems.badRequest("from must be before to");
        }
        return events.stats(storeId, start, end);
    }

    private static Instant parse(@Nullable String value, String name, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Problems.badRequest(name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }
}
