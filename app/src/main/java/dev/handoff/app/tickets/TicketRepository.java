package dev.handoff.app.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface TicketRepository extends CrudRepository<Ticket, UUID> {

    @Query("SELECT * FROM tickets WHERE conversation_id = :conversationId AND status <> 'resolved' ORDER BY created_at DESC LIMIT 1")
    Optional<Ticket> findOpenForConversation(UUID conversationId);

    Optional<Ticket> findByStoreIdAndNumber(UUID storeId, int number);

    List<Ticket> findByConversationIdOrderByCreatedAt(UUID conversationId);

    @Query("""
            SELECT * FROM tickets WHERE store_id = :storeId
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
            ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, created_at
            LIMIT :limit OFFSET :offset""")
    List<Ticket> list(UUID storeId, @Nullable String status, int limit, int offset);
}
