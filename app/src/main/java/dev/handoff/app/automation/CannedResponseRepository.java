package dev.handoff.app.automation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface CannedResponseRepository extends CrudRepository<CannedResponse, UUID> {

    @Query("SELECT * FROM canned_responses WHERE store_id = :storeId AND (shortcut LIKE :prefix || '%' OR lower(title) LIKE :prefix || '%') ORDER BY shortcut LIMIT 50")
    List<CannedResponse> findByPrefix(UUID storeId, String prefix);

    Optional<CannedResponse> findByIdAndStoreId(UUID id, UUID storeId);

    Optional<CannedResponse> findByStoreIdAndShortcut(UUID storeId, String shortcut);
}
