package dev.handoff.app.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface StoreRepository extends CrudRepository<Store, UUID> {

    Optional<Store> findByWidgetKey(String widgetKey);

    @Query("SELECT s.* FROM stores s JOIN store_members m ON m.store_id = s.id WHERE m.agent_id = :agentId ORDER BY s.created_at")
    List<Store> findForAgent(UUID agentId);

    @Query("SELECT * FROM stores ORDER BY created_at")
    List<Store> findAllOrdered();

    @Query("SELECT EXISTS (SELECT 1 FROM store_members WHERE store_id = :storeId AND agent_id = :agentId)")
    boolean isMember(UUID storeId, UUID agentId);

    @Query("INSERT INTO store_members (store_id, agent_id) VALUES (:storeId, :agentId) ON CONFLICT DO NOTHING")
    void addMember(UUID storeId, UUID agentId);

    @Query("UPDATE store_members SET role = :role WHERE store_id = :storeId AND agent_id = :agentId")
    void updateRole(UUID storeId, UUID agentId, String role);

    @Query("DELETE FROM store_members WHERE store_id = :storeId AND agent_id = :agentId")
    void removeMember(UUID storeId, UUID agentId);

    @Query("SELECT agent_id FROM store_members WHERE store_id = :storeId ORDER BY agent_id")
    List<UUID> findMemberIds(UUID storeId);
}
