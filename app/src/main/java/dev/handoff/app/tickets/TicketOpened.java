package dev.handoff.app.tickets;

import java.util.UUID;

/**
 * Published in the transaction that opened a ticket or raised it to urgent (notifications listen).
 *
 * @param storeId  the store
 * @param number   the ticket number
 * @param priority its priority now
 * @param reason   why it was escalated
 * @param summary  its summary
 * @param created  true for a new ticket, false for one raised to urgent
 */
public record TicketOpened(UUID storeId, int number, Ticket.Priority priority, String reason, String summary, boolean created) {
}
