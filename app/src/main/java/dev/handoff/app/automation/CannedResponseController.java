package dev.handoff.app.automation;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** Canned responses for the "/" picker. */
@Controller("/api/stores/{storeId}/canned-responses")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class CannedResponseController {

    private final StoreService stores;
    private final CannedResponses canned;

    CannedResponseController(StoreService stores, CannedResponses canned) {
        this.stores = stores;
        this.canned = canned;
    }

    /** Templates whose shortcut or title starts with {@code prefix} (a leading "/" is ignored). */
    @Get
    List<CannedResponse> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                              @QueryValue @Nullable String prefix) {
        stores.requireAccess(agent, storeId);
        return canned.find(storeId, prefix);
    }

    /** The variables a template may use, without braces, e.g. {@code ["customer.name", …]}, in the order to list them. */
    @Get("/variables")
    List<String> variables(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return canned.variables();
    }

    /**
     * Adds a template; 201 with it. Problems: 400 for a bad shortcut (1..40 of a-z 0-9 _ -, a leading "/" is dropped),
     * title (1..200) or body (1..5,000); 422 naming unknown {@code {{variables}}} and listing the supported ones; 409 for
     * a taken shortcut.
     */
    @Post
    @Status(HttpStatus.CREATED)
    CannedResponse create(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, @Body CannedResponses.Input body) {
        stores.requireAccess(agent, storeId);
        return canned.create(storeId, body);
    }

    /** Replaces a template's shortcut, title and body; the problems of {@link #create}, and 404 for an unknown id. */
    @Put("/{id}")
    CannedResponse update(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id,
                          @Body CannedResponses.Input body) {
        stores.requireAccess(agent, storeId);
        return canned.update(storeId, id, body);
    }

    /** Deletes a template; 204, or 404 for an unknown id. */
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    void delete(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        canned.delete(storeId, id);
    }

    /** The template filled for a conversation and the signed-in agent; 422 naming unknown or empty variables. */
    @Post("/{id}/render")
    CannedResponses.Rendered render(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id,
                                    @Body RenderFor body) {
        stores.requireAccess(agent, storeId);
        return canned.render(storeId, id, body.conversationId(), agent);
    }

    /** @param conversationId the conversation the reply is for */
    @Serdeable
    record RenderFor(UUID conversationId) {
    }
}
