package dev.handoff.app.security;

import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.RouteMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;

/**
 * The one place where authorisation is decided. For every routed request it reads the route's
 * {@link Access} rule, authenticates the session token ({@code Authorization: Bearer …}, or the
 * {@code token} query parameter on a WebSocket upgrade under {@code /ws/}), looks the agent's role up
 * in the route's store ({@code storeId} path variable) and answers 401, 403 or 404 as
 * {@link AccessLevel} describes, before the controller runs. The signed-in agent is put on the
 * request as {@link AgentPrincipal#ATTRIBUTE}.
 *
 * <p>Default deny: a controller route without a rule answers 403 and is logged. Management endpoints
 * ({@code @Endpoint}) need an instance admin, except {@code /health}, which answers its status only.
 * Requests without a route (static files of the widget, the dashboard and the demo page) pass.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class AccessFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);

    private final AuthService auth;
    private final AgentRepository agents;

    AccessFilter(AuthService auth, AgentRepository agents) {
        this.auth = auth;
        this.agents = agents;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    void check(HttpRequest<?> request) {
        Optional<RouteMatch<?>> match = RouteAttributes.getRouteMatch(request);
        if (match.isEmpty()) {
            return;
        }
        AccessLevel level = level(match.get().getRouteInfo());
        if (level == null) {
            LOG.error("Route {} {} has no @Access rule: refused", request.getMethodName(), request.getPath());
            throw Problems.forbidden("This route has no access rule");
        }
        if (level == AccessLevel.PUBLIC) {
            return;
        }
        String token = token(request);
        if (token == null) {
            throw Problems.unauthorized("Missing bearer token: sign in with POST /api/auth/login");
        }
        AgentPrincipal agent = auth.authenticate(token)
                .orElseThrow(() -> Problems.unauthorized("Session expired or invalid; sign in again"));
        request.setAttribute(AgentPrincipal.ATTRIBUTE, agent);
        switch (level) {
            case SIGNED_IN -> { }
            case INSTANCE_ADMIN -> {
                if (!agent.admin()) {
                    throw Problems.forbidden("This needs an instance admin");
                }
            }
            case STORE_AGENT, STORE_ADMIN -> {
                StoreRole role = storeRole(agent, match.get().getVariableValues().get("storeId"));
                if (level == AccessLevel.STORE_ADMIN && role != StoreRole.admin) {
                    throw Problems.forbidden("This needs the store's admin role");
                }
            }
            default -> throw new IllegalStateException(level.toString());
        }
    }

    /**
     * @return the level of a route: its {@link Access} rule; for management endpoints INSTANCE_ADMIN
     *         ({@code health}: PUBLIC); {@code null} when a route has no rule
     */
    static @Nullable AccessLevel level(RouteInfo<?> route) {
        Optional<AccessLevel> rule = route.getAnnotationMetadata().enumValue(Access.class, AccessLevel.class);
        if (rule.isPresent()) {
            return rule.get();
        }
        if (route instanceof MethodBasedRouteInfo<?, ?> method) {
            Class<?> type = method.getTargetMethod().getDeclaringType();
            Endpoint endpoint = type.getAnnotation(Endpoint.class);
            if (endpoint != null || route.getAnnotationMetadata().hasStereotype(Endpoint.class)) {
                String id = route.getAnnotationMetadata().stringValue(Endpoint.class, "id")
                        .or(() -> route.getAnnotationMetadata().stringValue(Endpoint.class)).orElse("");
                return "health".equals(id) ? AccessLevel.PUBLIC : AccessLevel.INSTANCE_ADMIN;
            }
        }
        return null;
    }

    /** The agent's role in the store; 404 (never revealing whether it exists) when not a member. */
    private StoreRole storeRole(AgentPrincipal agent, @Nullable Object storeVariable) {
        UUID store;
        try {
            store = UUID.fromString(String.valueOf(storeVariable));
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("Store");
        }
        if (agent.admin()) {
            if (!agents.storeExists(store)) {
                throw Problems.notFound("Store");
            }
            return StoreRole.admin;
        }
        return agents.findStoreRole(store, agent.id()).map(StoreRole::valueOf).orElseThrow(() -> Problems.notFound("Store"));
    }

    private static @Nullable String token(HttpRequest<?> request) {
        String authorization = request.getHeaders().get("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && authorization.length() > 7) {
            return authorization.substring(7).strip();
        }
        if (request.getPath().startsWith("/ws/")) {
            String token = request.getParameters().get("token");
            return token == null || token.isBlank() ? null : token;
        }
        return null;
    }

    /** @return the token of a {@code Bearer} Authorization header; 401 problem when absent */
    static String bearerToken(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() < 8) {
            throw Problems.unauthorized("Missing bearer token: sign in with POST /api/auth/login");
        }
        return authorization.substring(7).strip();
    }
}
