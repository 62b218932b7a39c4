package dev.handoff.app.commerce;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ShopifyConnectionRepository extends CrudRepository<ShopifyConnection, UUID> {

    Optional<ShopifyConnection> findByShopDomain(String shopDomain);

    @Query("INSERT INTO shopify_webhook_deliveries (webhook_id, store_id, topic, received_at) VALUES (:webhookId, :storeId, :topic, :at) ON CONFLICT DO NOTHING")
    int recordDelivery(String webhookId, UUID storeId, String topic, Instant at);

    @Query("INSERT INTO shopify_compliance_requests (id, store_id, topic, payload, received_at) VALUES (:id, :storeId, :topic, :payload, :at)")
    void recordComplianceRequest(UUID id, UUID storeId, String topic, String payload, Instant at);
}
