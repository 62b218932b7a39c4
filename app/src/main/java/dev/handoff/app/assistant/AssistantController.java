package dev.handoff.app.assistant;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.assistant.faq.FaqDecision;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
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
    private final AssistantTurn turn;
    private final EmbeddingService embeddings;

    AssistantController(StoreService stores, AssistantModel model, SuggestedReplies suggestions, AssistantTurn turn,
                        EmbeddingService embeddings) {
        this.turn = turn;
        this.embeddings = embeddings;
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

    /**
     * What the assistant's offline FAQ decision would be for a message, with the scores it is made on
     * ({@code outcome} answer, clarify or silent; see {@link dev.handoff.app.assistant.faq.FaqDecider});
     * nothing is stored. 400 when {@code q} is blank.
     */
    @Get("/assistant/faq-decision")
    FaqDecision faqDecision(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, @QueryValue String q) {
        stores.requireAccess(agent, storeId);
        if (q.isBlank()) {
            throw Problems.badRequest("q is required: the shopper's message to decide about");
        }
        return turn.decideFaq(storeId, q, embeddings.embed(ShopperText.core(q)));
    }

    /** Three replies the agent could send next (404 for an unknown conversation). */
    @Get("/conversations/{id}/suggested-replies")
    SuggestedReplies.Result suggested(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        return suggestions.forConversation(storeId, id);
    }
}
