package dev.handoff.app.security;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A dashboard user.
 *
 * @param id           agent id
 * @param email        login, unique, lower case
 * @param name         display name (shown to shoppers on agent replies)
 * @param role         {@code agent} or {@code admin}
 * @param passwordHash {@link PasswordHasher} output
 * @param createdAt    creation time (UTC)
 */
@MappedEntity("agents")
public record Agent(@Id UUID id, String email, String name, Role role, String passwordHash, Instant createdAt) {

    /** Dashboard roles: admins also manage stores, agents and settings. */
    public enum Role { agent, admin }
}
