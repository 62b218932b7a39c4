package dev.handoff.app.moves;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.security.AgentPrincipal;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** Merge and split email conversations, their history, and undo (see {@link ConversationMoves}). */
@Controller("/api/stores/{storeId}")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class MoveController {

    private final ConversationMoves moves;

    MoveController(ConversationMoves moves) {
        this.moves = moves;
    }

    /** Merges conversation {@code id} into {@code into}; 404 unknown, 400 itself, 409 already merged, 422 widget conversations. */
    @Post("/conversations/{id}/merge")
    ConversationMove merge(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id, @Body Merge body) {
        if (body == null || body.into() == null) {
            throw dev.handoff.app.platform.Problems.badRequest("into: the conversation to merge into is required");
        }
        return moves.merge(storeId, id, body.into(), agent.id());
    }

    /** @param into the conversation that receives everything */
    @Serdeable
    record Merge(@io.micronaut.core.annotation.Nullable UUID into) {
    }

    /** Splits the message and the later messages of its email thread into a new conversation ({@code targetId}). */
    @Post("/conversations/{id}/messages/{messageId}/split")
    @Status(HttpStatus.CREATED)
    ConversationMove split(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id, UUID messageId) {
        return moves.split(storeId, id, messageId, agent.id());
    }

    /** The merges and splits the conversation took part in, newest first. */
    @Get("/conversations/{id}/moves")
    List<ConversationMove> history(UUID storeId, UUID id) {
        return moves.history(storeId, id);
    }

    /** Undoes a merge or split; 409 when already undone or when a later move on these conversations must be undone first. */
    @Post("/conversation-moves/{moveId}/undo")
    ConversationMove undo(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID moveId) {
        return moves.undo(storeId, moveId, agent.id());
    }
}
