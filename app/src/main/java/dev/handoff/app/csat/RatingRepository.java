package dev.handoff.app.csat;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface RatingRepository extends CrudRepository<Rating, UUID> {

    Optional<Rating> findByConversationIdAndResolution(UUID conversationId, int resolution);

    @Query("SELECT * FROM ratings WHERE store_id = :storeId AND created_at >= :from AND created_at < :to")
    List<Rating> findInPeriod(UUID storeId, Instant from, Instant to);
}
