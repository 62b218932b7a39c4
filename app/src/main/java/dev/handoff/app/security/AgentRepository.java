package dev.handoff.app.security;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface AgentRepository extends CrudRepository<Agent, UUID> {

    Optional<Agent> findByEmail(String email);

    @Query("INSERT INTO auth_sessions (token_hash, agent_id, created_at, expires_at) VALUES (:tokenHash, :agentId, :createdAt, :expiresAt)")
    void insertSession(String tokenHash, UUID agentId, Instant createdAt, Instant expiresAt);

    @Query("SELECT a.* FROM agents a JOIN auth_sessions s ON s.agent_id = a.id WHERE s.token_hash = :tokenHash AND s.expires_at > :now")
    Optional<Agent> findBySession(String tokenHash, Instant now);

    @Query("UPDATE auth_sessions SET last_seen_at = :now WHERE token_hash = :tokenHash AND (last_seen_at IS NULL OR last_seen_at < :staleBefore)")
    void touchSession(String tokenHash, Instant now, Instant staleBefore);

    @Query("SELECT DISTINCT agent_id FROM auth_sessions WHERE last_seen_at >= :since AND expires_at > :now")
    List<UUID> findOnline(Instant since, Instant now);

    @Query("DELETE FROM auth_sessions WHERE token_hash = :tokenHash")
    void deleteSession(String tokenHash);

    @Query("SELECT role FROM store_members WHERE store_id = :storeId AND agent_id = :agentId")
    Optional<String> findStoreRole(UUID storeId, UUID agentId);

    @Query("SELECT EXISTS (SELECT 1 FROM stores WHERE id = :storeId)")
    boolean storeExists(UUID storeId);

    @Query("DELETE FROM auth_sessions WHERE agent_id = :agentId")
    void deleteSessionsOf(UUID agentId);

    @Query("DELETE FROM auth_sessions WHERE expires_at <= :now")
    void deleteExpiredSessions(Instant now);
}
