package dev.handoff.app.security;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * Sessions ended (logout, member removal): their live WebSockets must close.
 *
 * @param tokenHash the SHA-256 ({@link Tokens#hash}) of the one ended session token, or null
 * @param agentId   the agent whose every session ended, or null
 */
public record SessionsEnded(@Nullable String tokenHash, @Nullable UUID agentId) {

    /** @return whether a socket opened with this token by this agent belongs to the ended sessions */
    public boolean covers(String socketTokenHash, UUID socketAgentId) {
        return (tokenHash != null && tokenHash.equals(socketTokenHash)) || (agentId != null && agentId.equals(socketAgentId));
    }
}
