package dev.handoff.app.security;

import dev.handoff.app.platform.Problems;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Agent accounts and bearer-token sessions. */
@Singleton
public class AuthService {

    private final AgentRepository agents;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration sessionTtl;

    AuthService(AgentRepository agents, PasswordHasher hasher, Clock clock,
                @Value("${handoff.auth.session-ttl:12h}") Duration sessionTtl) {
        this.agents = agents;
        this.hasher = hasher;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
    }

    /**
     * Signs an agent in.
     *
     * @return the new session: an opaque token valid for {@code handoff.auth.session-ttl} (default 12 h)
     * @throws io.micronaut.http.exceptions.HttpStatusException 401 for an unknown email or a wrong password
     */
    @Transactional
    public Session login(String email, String password) {
        if (email == null || password == null) {
            throw Problems.badRequest("email and password are required");
        }
        Agent agent = agents.findByEmail(email.strip().toLowerCase(Locale.ROOT))
                .filter(a -> hasher.matches(password, a.passwordHash()))
                .orElseThrow(() -> Problems.unauthorized("Wrong email or password"));
        Instant now = clock.instant();
        agents.deleteExpiredSessions(now);
        String token = Tokens.newToken();
        Instant expires = now.plus(sessionTtl);
        agents.insertSession(Tokens.hash(token), agent.id(), now, expires);
        return new Session(token, expires, principal(agent));
    }

    /** Ends the session of {@code token}; unknown tokens are ignored. */
    @Transactional
    public void logout(String token) {
        agents.deleteSession(Tokens.hash(token));
    }

    /** @return the agent of a live session token */
    public Optional<AgentPrincipal> authenticate(String token) {
        return agents.findBySession(Tokens.hash(token), clock.instant()).map(AuthService::principal);
    }

    /**
     * Creates an agent, or returns the existing one with that email unchanged.
     *
     * @param email    login (stored lower case)
     * @param name     display name
     * @param password at least 8 characters
     * @param role     dashboard role
     */
    @Transactional
    public AgentPrincipal ensureAgent(String email, String name, String password, Agent.Role role) {
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        Optional<Agent> existing = agents.findByEmail(normalized);
        if (existing.isPresent()) {
            return principal(existing.get());
        }
        if (password == null || password.length() < 8) {
            throw Problems.badRequest("Password must be at least 8 characters");
        }
        return principal(agents.save(new Agent(UUID.randomUUID(), normalized, name, role, hasher.hash(password), clock.instant())));
    }

    private static AgentPrincipal principal(Agent a) {
        return new AgentPrincipal(a.id(), a.email(), a.name(), a.role() == Agent.Role.admin);
    }

    /**
     * A signed-in session.
     *
     * @param token     bearer token for {@code Authorization: Bearer ...}
     * @param expiresAt expiry (UTC)
     * @param agent     who signed in
     */
    public record Session(String token, Instant expiresAt, AgentPrincipal agent) {
    }
}
