package dev.handoff.app.tickets;

import java.util.UUID;

/**
 * Published inside the transaction that opened or changed a ticket.
 *
 * @param conversationId the ticket's conversation
 */
public record TicketChanged(UUID conversationId) {
}
