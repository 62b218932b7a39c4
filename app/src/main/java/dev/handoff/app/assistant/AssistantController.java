package dev.handoff.app.assistant;

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

import java.util.UUID;

/** The assistant as agents and merchants see it: model status and cost, suggested replies. */
@Controller("/api/stores/{storeId}")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class AssistantController {

    private final StoreService stores;
    private final AssistantModel model;
    private final SuggestedReplies suggestions;

    AssistantController(StoreService stores, AssistantModel model, SuggestedReplies suggestions) {
        this.stores = stores;
        this.model = model;
        this.suggestions = suggestions;
    }

    /** Whether a language model answers, which, today's tokens against the daily cap, and whether the offline paths answer instead. */
    @Get("/assistant")
    AssistantModel.Status status(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return model.status(storeId);
    }

    /** Three replies the agent could send next (404 for an unknown conversation). */
    @Get("/conversations/{id}/suggested-replies")
    SuggestedReplies.Result suggested(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        return suggestions.forConversation(storeId, id);
    }
}
