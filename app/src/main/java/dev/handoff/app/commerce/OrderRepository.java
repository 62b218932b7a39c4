package dev.handoff.app.commerce;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface OrderRepository extends CrudRepository<Order, UUID> {

    Optional<Order> findByStoreIdAndOrderNumber(UUID storeId, String orderNumber);

    @Query("SELECT * FROM orders WHERE store_id = :storeId AND lower(email) = lower(:email) ORDER BY created_at DESC LIMIT :limit")
    List<Order> findByEmail(UUID storeId, String email, int limit);

    @Query("SELECT * FROM orders WHERE store_id = :storeId ORDER BY created_at DESC LIMIT :limit OFFSET :offset")
    List<Order> list(UUID storeId, int limit, int offset);

    Optional<Order> findByStoreIdAndExternalId(UUID storeId, String externalId);

    @Query("DELETE FROM orders WHERE store_id = :storeId AND (lower(email) = lower(:email) OR external_id IN (:externalIds))")
    int deleteCustomer(UUID storeId, String email, List<String> externalIds);

    @Query("DELETE FROM orders WHERE store_id = :storeId")
    int deleteAllOf(UUID storeId);
}
