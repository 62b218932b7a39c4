package dev.handoff.app.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface TicketRepository extends CrudRepository<Ticket, UUID> {

    @Query("SELECT * FROM tickets WHERE conversation_id = :conversationId AND status <> 'resolved' ORDER BY created_at DESC LIMIT 1")
    Optional<Ticket> findOpenForConversation(UUID conversationId);

    @Query("SELECT * FROM tickets WHERE conversation_id = :conversationId ORDER BY created_at DESC LIMIT 1")
    Optional<Ticket> findLatestForConversation(UUID conversationId);

    Optional<Ticket> findByStoreIdAndNumber(UUID storeId, int number);

    List<Ticket> findByConversationIdOrderByCreatedAt(UUID conversationId);

    @Query("""
            SELECT t.* FROM tickets t JOIN conversations c ON c.id = t.conversation_id WHERE t.store_id = :storeId
              AND (CAST(:status AS text) IS NULL OR t.status = CAST(:status AS text))
              AND (CAST(:priority AS text) IS NULL OR t.priority = CAST(:priority AS text))
              AND (CAST(:category AS text) IS NULL OR t.category = CAST(:category AS text))
              AND (CAST(:assigneeId AS uuid) IS NULL OR t.assignee_id = CAST(:assigneeId AS uuid))
              AND (CAST(:channel AS text) IS NULL OR c.channel = CAST(:channel AS text))
              AND (CAST(:from AS timestamptz) IS NULL OR t.created_at >= CAST(:from AS timestamptz))
              AND (CAST(:to AS timestamptz) IS NULL OR t.created_at < CAST(:to AS timestamptz))
            ORDER BY CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, t.created_at
            LIMIT :limit OFFSET :offset""")
    List<Ticket> list(UUID storeId, @Nullable String status, @Nullable String priority, @Nullable String category,
                      @Nullable UUID assigneeId, @Nullable String channel, @Nullable Instant from, @Nullable Instant to, int limit, int offset);

    /**
     * Moves a ticket from one status to another in one statement, only when it still has the first (a concurrent
     * change of any field, status included, is neither lost nor overwritten).
     *
     * @return 1 when moved, 0 when its status was no longer {@code from}
     */
    @Query("UPDATE tickets SET status = :to, updated_at = :at WHERE id = :id AND status = :from")
    int moveStatus(UUID id, String from, String to, Instant at);

    @Query("SELECT max(assigned_at) FROM tickets WHERE store_id = :storeId AND assignee_id = :agentId")
    Optional<Instant> lastAssignedAt(UUID storeId, UUID agentId);
}
