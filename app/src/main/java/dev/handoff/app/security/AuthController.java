package dev.handoff.app.security;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** Agent sign-in: {@code POST /api/auth/login} gives a bearer token for the admin API. */
@Controller("/api/auth")
@Access(AccessLevel.SIGNED_IN)
class AuthController {

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    /** Signs in; 401 problem for wrong credentials. */
    @Access(AccessLevel.PUBLIC)
    @Post("/login")
    @RateLimit("login")
    LoginResponse login(@Body LoginRequest body) {
        AuthService.Session s = auth.login(body.email(), body.password());
        AgentPrincipal a = s.agent();
        return new LoginResponse(s.token(), "Bearer", s.expiresAt(), new Me(a.id(), a.email(), a.name(), a.admin() ? "admin" : "agent"));
    }

    /** Ends the current session. */
    @Post("/logout")
    @Status(HttpStatus.NO_CONTENT)
    void logout(@Header("Authorization") String authorization) {
        auth.logout(AccessFilter.bearerToken(authorization));
    }

    /** The signed-in agent. */
    @Get("/me")
    Me me(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal a) {
        return new Me(a.id(), a.email(), a.name(), a.admin() ? "admin" : "agent");
    }

    /** @param email login @param password password */
    @Serdeable
    record LoginRequest(String email, String password) {
    }

    /**
     * @param token     bearer token
     * @param tokenType always {@code Bearer}
     * @param expiresAt session expiry (UTC)
     * @param agent     the signed-in agent
     */
    @Serdeable
    record LoginResponse(String token, String tokenType, Instant expiresAt, Me agent) {
    }

    /** @param id agent id @param email login @param name display name @param role agent or admin */
    @Serdeable
    record Me(UUID id, String email, String name, String role) {
    }
}
