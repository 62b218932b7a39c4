package dev.handoff.app.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded change of a ticket.
 *
 * @param id        id
 * @param ticketId  the ticket
 * @param agentId   who changed it, or {@code null} for the assistant or automation
 * @param field     {@code created}, {@code status}, {@code priority}, {@code category}, {@code assignee} or {@code tags}
 * @param oldValue  before, or {@code null}
 * @param newValue  after, or {@code null}
 * @param createdAt when
 */
@Serdeable
@MappedEntity("ticket_events")
public record TicketEvent(@Id UUID id, UUID ticketId, @Nullable UUID agentId, String field, @Nullable String oldValue,
                          @Nullable String newValue, Instant createdAt) {
}
