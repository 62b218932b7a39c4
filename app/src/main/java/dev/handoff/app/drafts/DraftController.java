package dev.handoff.app.drafts;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** The drafts review queue: the assistant's replies on email conversations. */
@io.micronaut.validation.Validated
@Controller("/api/stores/{storeId}/drafts")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class DraftController {

    private final StoreService stores;
    private final DraftService drafts;

    DraftController(StoreService stores, DraftService drafts) {
        this.stores = stores;
        this.drafts = drafts;
    }

    /**
     * Drafts, oldest first, as {@link DraftService.DraftView}s; {@code status} filters ({@code pending} for the queue),
     * {@code conversationId} keeps one conversation's (the conversation view asks for its pending drafts),
     * {@code limit} 1..500 (default 100). 400 problem for an unknown status or a limit out of range, 404 for a
     * conversation not in the store.
     */
    @Get
    List<DraftService.DraftView> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                      @QueryValue @Nullable String status, @QueryValue @Nullable UUID conversationId,
                                      @QueryValue(defaultValue = "100") @Min(1) @Max(500) int limit) {
        stores.requireAccess(agent, storeId);
        return drafts.list(storeId, status, conversationId, limit);
    }

    /** One draft with the email it answers. */
    @Get("/{id}")
    DraftService.DraftView get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        return drafts.get(storeId, id);
    }

    /** Replaces a pending draft's body. */
    @Put("/{id}")
    DraftService.DraftView edit(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id, @Body Edit body) {
        stores.requireAccess(agent, storeId);
        return drafts.edit(storeId, id, body.body());
    }

    /** Approves and sends (with an optional final {@code body}); 409 when already approved or discarded. */
    @Post("/{id}/approve")
    DraftService.DraftView approve(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id,
                                   @Body @Nullable Edit body) {
        stores.requireAccess(agent, storeId);
        return drafts.approve(storeId, id, agent.id(), body == null ? null : body.body());
    }

    /** Discards; 409 when no longer pending. */
    @Post("/{id}/discard")
    DraftService.DraftView discard(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        return drafts.discard(storeId, id, agent.id());
    }

    /** @param body the draft's text */
    @Serdeable
    record Edit(@Nullable String body) {
    }
}
