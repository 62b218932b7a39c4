package dev.handoff.app.automation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface NotificationRepository extends CrudRepository<Notification, UUID> {

    @Query("SELECT * FROM notifications WHERE store_id = :storeId ORDER BY created_at DESC LIMIT :limit")
    List<Notification> recent(UUID storeId, int limit);
}
