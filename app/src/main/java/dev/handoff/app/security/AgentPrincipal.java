package dev.handoff.app.security;

import java.util.UUID;

/**
 * The signed-in agent of a request, set by {@link AccessFilter} as the request attribute
 * {@link #ATTRIBUTE}.
 *
 * @param id    agent id
 * @param email login
 * @param name  display name
 * @param admin whether the agent has the admin role
 */
public record AgentPrincipal(UUID id, String email, String name, boolean admin) {

    /** Request attribute name under which the principal is stored. */
    public static final String ATTRIBUTE = "handoff.agent";
}
