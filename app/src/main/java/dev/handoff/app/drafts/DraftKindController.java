package dev.handoff.app.drafts;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.security.AgentPrincipal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** How each kind of draft fares in review, and auto-send for the kinds that earned it (see {@link DraftGraduation}). */
@Controller("/api/stores/{storeId}/draft-kinds")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class DraftKindController {

    private final DraftGraduation graduation;

    DraftKindController(DraftGraduation graduation) {
        this.graduation = graduation;
    }

    /** Every kind of draft with its review figures, most reviewed first. */
    @Get
    @Access(AccessLevel.STORE_AGENT)
    List<DraftGraduation.KindStats> kinds(UUID storeId) {
        return graduation.stats(storeId);
    }

    /** @param enabled whether drafts of the kind go out without review */
    @Serdeable
    record AutoSend(@Nullable Boolean enabled) {
    }

    /** Turns auto-send on (409 problem when the kind has not met the bar) or off, for a store admin. */
    @Put("/{kind}/autosend")
    @Access(AccessLevel.STORE_ADMIN)
    DraftGraduation.KindStats autoSend(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, String kind,
                                       @Body AutoSend body) {
        if (body == null || body.enabled() == null) {
            throw dev.handoff.app.platform.Problems.badRequest("enabled: true or false is required");
        }
        return body.enabled() ? graduation.enable(storeId, kind, agent.id()) : graduation.disable(storeId, kind);
    }
}
