package dev.handoff.app.realtime;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.security.AuthService;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.UUID;

/** Checks the agent's session token and store access before the inbox WebSocket upgrade (401 / 404 problems, no socket). */
@ServerFilter("/ws/agent/stores/**")
class AgentSocketGuard {

    private final AuthService auth;
    private final StoreService stores;

    AgentSocketGuard(AuthService auth, StoreService stores) {
        this.auth = auth;
        this.stores = stores;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    void check(HttpRequest<?> request) {
        String path = request.getPath();
        UUID store;
        try {
            store = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("Store");
        }
        stores.requireAccess(agent(auth, request), store);
    }

    /** @return the agent of the request's {@code token} parameter; 401 problem when missing or expired */
    static AgentPrincipal agent(AuthService auth, HttpRequest<?> request) {
        String token = request.getParameters().get("token");
        if (token == null || token.isBlank()) {
            throw Problems.unauthorized("Missing token: sign in with POST /api/auth/login");
        }
        return auth.authenticate(token).orElseThrow(() -> Problems.unauthorized("Session expired or invalid; sign in again"));
    }
}
