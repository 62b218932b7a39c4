package dev.handoff.app.store;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.platform.Problems;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Delete;
import io.micronaut.core.annotation.Nullable;
import dev.handoff.app.security.StoreRole;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** Stores the signed-in agent works in. */
@Controller("/api/stores")
@Access(AccessLevel.STORE_AGENT)
@SecurityRequirement(name = "bearer")
class StoreController {

    private final StoreService service;
    private final dev.handoff.app.security.AuthService auth;

    StoreController(StoreService service, dev.handoff.app.security.AuthService auth) {
        this.service = service;
        this.auth = auth;
    }

    /** The store's members with their names (for assignee pickers and author labels), by name. */
    @Get("/{storeId}/agents")
    List<MemberView> agents(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        service.requireAccess(agent, storeId);
        java.util.Map<UUID, StoreRole> roles = service.memberRoles(storeId);
        java.util.Set<UUID> members = roles.keySet();
        return auth.agents().stream().filter(a -> members.contains(a.id()))
                .map(a -> new MemberView(a.id(), a.email(), a.name(), roles.getOrDefault(a.id(), StoreRole.agent).name())).toList();
    }

    /** @param id agent id @param email login @param name display name @param role the role in this store, {@code agent} or {@code admin} */
    @Serdeable
    record MemberView(UUID id, String email, String name, String role) {
    }

    /** Lists the agent's stores. */
    @Access(AccessLevel.SIGNED_IN)
    @Get
    List<StoreView> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent) {
        return service.storesFor(agent).stream().map(StoreView::of).toList();
    }

    /** Creates a new, empty store with its own widget key (admins only). */
    @Access(AccessLevel.INSTANCE_ADMIN)
    @Post
    @Status(HttpStatus.CREATED)
    StoreView create(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, @Body NewStore body) {
        return StoreView.of(service.create(body.name(), null, agent.id()));
    }

    /** The ids of the store's members. */
    @Get("/{storeId}/members")
    List<UUID> members(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        service.requireAccess(agent, storeId);
        return service.memberIds(storeId);
    }

    /**
     * Makes an agent a member of the store, or changes their role (store admins); idempotent. Body
     * optional: {@code {"role":"agent"|"admin"}}, default {@code agent} for a new member and unchanged
     * for an existing one. 404 for an unknown agent.
     */
    @Access(AccessLevel.STORE_ADMIN)
    @Put("/{storeId}/members/{agentId}")
    @Status(HttpStatus.NO_CONTENT)
    void addMember(UUID storeId, UUID agentId, @Nullable @Body MemberRole body) {
        if (auth.find(agentId).isEmpty()) {
            throw Problems.notFound("Agent");
        }
        service.addMember(storeId, agentId, body == null || body.role() == null ? null : body.role());
    }

    /**
     * Removes an agent from the store (store admins): their sessions end and their WebSockets close,
     * so nothing more of this store reaches them. 404 when they are not a member; 409 for the store's
     * last admin.
     */
    @Access(AccessLevel.STORE_ADMIN)
    @Delete("/{storeId}/members/{agentId}")
    @Status(HttpStatus.NO_CONTENT)
    void removeMember(UUID storeId, UUID agentId) {
        service.removeMember(storeId, agentId);
        auth.endSessions(agentId);
    }

    /** @param role {@code agent} or {@code admin} */
    @Serdeable
    record MemberRole(@Nullable StoreRole role) {
    }

    /** Request body of {@code POST /api/stores}. @param name display name */
    @Serdeable
    record NewStore(String name) {
    }

    /**
     * A store as the API shows it.
     *
     * @param id        store id
     * @param name      display name
     * @param widgetKey key for the widget's {@code data-widget-key}
     */
    @Serdeable
    record StoreView(UUID id, String name, String widgetKey) {
        static StoreView of(Store s) {
            return new StoreView(s.id(), s.name(), s.widgetKey());
        }
    }
}
