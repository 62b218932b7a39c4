package dev.handoff.app.tickets;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface TicketEventRepository extends CrudRepository<TicketEvent, UUID> {

    /** @return the ticket's history, oldest first; events of one instant in the order they were written */
    @io.micronaut.data.annotation.Query("SELECT * FROM ticket_events WHERE ticket_id = :ticketId ORDER BY created_at, seq")
    List<TicketEvent> findByTicketIdOrderByCreatedAt(UUID ticketId);
}
