package dev.handoff.app.security;

import dev.handoff.app.platform.Problems;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Agent accounts and bearer-token sessions. */
@Singleton
public class AuthService {

    private final AgentRepository agents;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration sessionTtl;
    private final ApplicationEventPublisher<SessionsEnded> ended;
    private final RateLimiter limiter;
    /** Compared against when the email is unknown, so both answers cost one PBKDF2 run. */
    private final String dummyHash;

    AuthService(AgentRepository agents, PasswordHasher hasher, Clock clock,
                @Value("${handoff.auth.session-ttl:12h}") Duration sessionTtl, ApplicationEventPublisher<SessionsEnded> ended,
                RateLimiter limiter) {
        this.limiter = limiter;
        this.agents = agents;
        this.hasher = hasher;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
        this.ended = ended;
        this.dummyHash = hasher.hash(Tokens.newToken());
    }

    /**
     * Signs an agent in.
     *
     * @return the new session: an opaque token valid for {@code handoff.auth.session-ttl} (default 12 h)
     * @throws io.micronaut.http.exceptions.HttpStatusException 401 for an unknown email or a wrong password (both
     *         after one PBKDF2 run, so the time does not tell them apart); 429 past {@code handoff.limits.login.per-account}
     */
    @Transactional
    public Session login(String email, String password) {
        if (email == null || password == null) {
            throw Problems.badRequest("email and password are required");
        }
        limiter.consume("login", "per-account", email.strip().toLowerCase(Locale.ROOT));
        Optional<Agent> found = agents.findByEmail(email.strip().toLowerCase(Locale.ROOT));
        // an unknown email costs the same PBKDF2 run as a known one: the answer's time tells nothing
        boolean matches = hasher.matches(password, found.map(Agent::passwordHash).orElse(dummyHash));
        Agent agent = found.filter(a -> matches).orElseThrow(() -> Problems.unauthorized("Wrong email or password"));
        Instant now = clock.instant();
        agents.deleteExpiredSessions(now);
        String token = Tokens.newToken();
        Instant expires = now.plus(sessionTtl);
        agents.insertSession(Tokens.hash(token), agent.id(), now, expires);
        return new Session(token, expires, principal(agent));
    }

    /** Ends the session of {@code token} and closes the WebSockets it opened; unknown tokens are ignored. */
    @Transactional
    public void logout(String token) {
        String hash = Tokens.hash(token);
        agents.deleteSession(hash);
        ended.publishEvent(new SessionsEnded(hash, null));
    }

    /** Ends every session of an agent (removed from a store) and closes their WebSockets. */
    @Transactional
    public void endSessions(UUID agentId) {
        agents.deleteSessionsOf(agentId);
        ended.publishEvent(new SessionsEnded(null, agentId));
    }

    /** @return the agent of a live session token (noting, at most once a minute, that the session is in use) */
    public Optional<AgentPrincipal> authenticate(String token) {
        Instant now = clock.instant();
        Optional<AgentPrincipal> agent = agents.findBySession(Tokens.hash(token), now).map(AuthService::principal);
        if (agent.isPresent()) {
            agents.touchSession(Tokens.hash(token), now, now.minusSeconds(60));
        }
        return agent;
    }

    /** @return the agent with this id, if any */
    public Optional<AgentPrincipal> find(UUID agentId) {
        return agents.findById(agentId).map(AuthService::principal);
    }

    /** @return agents with a live session used within {@code window}: who is online */
    public Set<UUID> onlineAgents(Duration window) {
        Instant now = clock.instant();
        return Set.copyOf(agents.findOnline(now.minus(window), now));
    }

    /**
     * Creates an agent, or returns the existing one with that email unchanged.
     *
     * @param email    login (stored lower case)
     * @param name     display name
     * @param password see {@link #checkPassword}
     * @param role     dashboard role
     */
    @Transactional
    public AgentPrincipal ensureAgent(String email, String name, String password, Agent.Role role) {
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        Optional<Agent> existing = agents.findByEmail(normalized);
        if (existing.isPresent()) {
            return principal(existing.get());
        }
        checkPassword(password);
        return principal(agents.save(new Agent(UUID.randomUUID(), normalized, name, role, hasher.hash(password), clock.instant())));
    }

    /**
     * Creates an agent.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for a malformed email, an empty name or a
     *         password breaking {@link #checkPassword}; 409 when the email is taken
     */
    @Transactional
    public AgentPrincipal createAgent(String email, String name, String password, Agent.Role role) {
        if (email == null || !email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || name == null || name.isBlank() || name.length() > 200) {
            throw Problems.badRequest("A valid email and a name of 1 to 200 characters are required");
        }
        if (agents.findByEmail(email.strip().toLowerCase(Locale.ROOT)).isPresent()) {
            throw Problems.conflict("An agent with this email exists");
        }
        return ensureAgent(email, name.strip(), password, role == null ? Agent.Role.agent : role);
    }

    /**
     * The password rules (NIST SP 800-63B section 5.1.1.2: length over composition): 12 to 256
     * characters, not only whitespace, not one character repeated.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 naming the rule broken
     */
    public static void checkPassword(String password) {
        if (password == null || password.length() < 12) {
            throw Problems.badRequest("Password must be at least 12 characters");
        }
        if (password.length() > 256) {
            throw Problems.badRequest("Password must be at most 256 characters");
        }
        if (password.isBlank() || password.chars().distinct().count() < 4) {
            throw Problems.badRequest("Password must not be only whitespace or a few repeated characters");
        }
    }

    /** @return every agent, by name */
    public java.util.List<AgentPrincipal> agents() {
        return agents.findAll().stream().map(AuthService::principal).sorted(java.util.Comparator.comparing(AgentPrincipal::name)).toList();
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
