package dev.handoff.app.mailbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ChannelAccountRepository extends CrudRepository<ChannelAccount, UUID> {

    List<ChannelAccount> findByStoreIdOrderByCreatedAt(UUID storeId);

    Optional<ChannelAccount> findByIdAndStoreId(UUID id, UUID storeId);

    @Query("SELECT * FROM channel_accounts WHERE status <> 'needs_reauth'")
    List<ChannelAccount> findSyncable();

    @Query("SELECT EXISTS (SELECT 1 FROM channel_accounts WHERE store_id = :storeId AND kind = :kind AND lower(email) = lower(:email))")
    boolean exists(UUID storeId, String kind, String email);

    @Query("UPDATE channel_accounts SET status = :status, status_detail = :detail, updated_at = :at WHERE id = :id AND status <> :status")
    int updateStatus(UUID id, String status, @io.micronaut.core.annotation.Nullable String detail, Instant at);

    @Query("UPDATE channel_accounts SET sync_cursor = :cursor, last_synced_at = :at WHERE id = :id")
    void updateCursor(UUID id, String cursor, Instant at);

    @Query("UPDATE channel_accounts SET credentials = :credentials, updated_at = :at WHERE id = :id")
    void updateCredentials(UUID id, String credentials, Instant at);
}
