package dev.handoff.app.insights;

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
import java.util.UUID;

/**
 * What to write next and how the knowledge base is doing: unanswered questions grouped, quality per
 * FAQ item, and the language model's cost. Periods are [{@code from}, {@code to}) in ISO-8601, the last
 * 30 days by default, at most 366 days.
 */
@Controller("/api/stores/{storeId}/assistant")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class InsightsController {

    private final StoreService stores;
    private final UnansweredClusters clusters;
    private final FaqItemQuality quality;
    private final AssistantCost cost;

    InsightsController(StoreService stores, UnansweredClusters clusters, FaqItemQuality quality, AssistantCost cost) {
        this.stores = stores;
        this.clusters = clusters;
        this.quality = quality;
        this.cost = cost;
    }

    /** The questions the assistant did not answer, grouped by meaning, largest group first. */
    @Get("/unanswered-clusters")
    UnansweredClusters.Result clusters(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                       @QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to) {
        stores.requireAccess(agent, storeId);
        Instant[] p = period(from, to);
        return clusters.of(storeId, p[0], p[1]);
    }

    /** Per FAQ item: answers, followed by a person, reopened, rated down; and the items to review. */
    @Get("/faq-quality")
    FaqItemQuality.Result quality(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                  @QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to) {
        stores.requireAccess(agent, storeId);
        Instant[] p = period(from, to);
        return quality.of(storeId, p[0], p[1]);
    }

    /** Tokens and cost per conversation and per assistant-handled conversation, beside hosted helpdesks' prices. */
    @Get("/cost")
    AssistantCost.Cost cost(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                            @QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to) {
        stores.requireAccess(agent, storeId);
        Instant[] p = period(from, to);
        return cost.of(storeId, p[0], p[1]);
    }

    /** @return [from, to]: defaults to the last 30 days; 400 when reversed or longer than 366 days */
    static Instant[] period(@Nullable Instant from, @Nullable Instant to) {
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : from;
        if (!start.isBefore(end) || Duration.between(start, end).toDays() > 366) {
            throw Problems.badRequest("from must be before to, at most 366 days apart");
        }
        return new Instant[] {start, end};
    }
}
