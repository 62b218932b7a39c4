package dev.handoff.app.replay;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.Map;
import java.util.UUID;

/** Replays of a proposed knowledge-base change against past shopper messages, and publishing the change. */
@Controller("/api/stores/{storeId}/assistant/replays")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class ReplayController {

    private final StoreService stores;
    private final Replays replays;
    private final ReplayPublisher publisher;

    ReplayController(StoreService stores, Replays replays, ReplayPublisher publisher) {
        this.stores = stores;
        this.replays = replays;
        this.publisher = publisher;
    }

    /** Starts a replay: {@code 202 {"id"}}; poll {@code GET …/replays/{id}}. */
    @Post
    HttpResponse<Map<String, UUID>> start(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                          @Body @Nullable ReplayRequest request) {
        stores.requireAccess(agent, storeId);
        return HttpResponse.accepted().body(Map.of("id", replays.start(storeId, agent.id(), request)));
    }

    /** The replay's status, progress, summary and changed messages. */
    @Get("/{id}")
    Replay get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        return replays.get(storeId, id);
    }

    /** @param confirm go ahead although the replay flagged previously right answers */
    @Serdeable
    record PublishRequest(@Nullable Boolean confirm) {
    }

    /** Applies exactly the replayed change (409 when the knowledge base changed meanwhile, 428 without a needed confirmation). */
    @Post("/{id}/publish")
    ReplayPublisher.Published publish(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id,
                                      @Body @Nullable PublishRequest request) {
        stores.requireAccess(agent, storeId);
        return publisher.publish(storeId, id, agent.id(), request != null && Boolean.TRUE.equals(request.confirm()));
    }
}
