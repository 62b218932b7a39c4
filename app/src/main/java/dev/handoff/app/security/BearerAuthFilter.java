package dev.handoff.app.security;

import dev.handoff.app.platform.Problems;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Requires {@code Authorization: Bearer <token>} on the admin API ({@code /api/**} except the
 * shopper-facing {@code /api/widget/**}, {@code /api/auth/login}, and
 * {@code /api/shopify/webhooks}, which Shopify signs instead, and the OAuth callbacks
 * {@code /api/channels/oauth/**}, which carry a signed state instead) and puts the
 * {@link AgentPrincipal} on the request. Missing or expired tokens get a 401 problem.
 */
@ServerFilter("/api/**")
class BearerAuthFilter {

    private final AuthService auth;

    BearerAuthFilter(AuthService auth) {
        this.auth = auth;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    void authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.startsWith("/api/widget/") || path.equals("/api/auth/login") || path.equals("/api/shopify/webhooks")
                || path.startsWith("/api/channels/oauth/")) {
            return;
        }
        String token = bearerToken(request.getHeaders().get("Authorization"));
        AgentPrincipal agent = auth.authenticate(token)
                .orElseThrow(() -> Problems.unauthorized("Session expired or invalid; sign in again"));
        request.setAttribute(AgentPrincipal.ATTRIBUTE, agent);
    }

    /** @return the token of a {@code Bearer} Authorization header; 401 problem when absent */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() < 8) {
            throw Problems.unauthorized("Missing bearer token: sign in with POST /api/auth/login");
        }
        return authorization.substring(7).strip();
    }
}
