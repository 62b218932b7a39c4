package dev.handoff.app.tickets;

import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.MessageView;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/**
 * A ticket's status follows its conversation, as in Zendesk's ticket lifecycle: an agent's reply takes a
 * {@code new} ticket to {@code open} (a person is on it). Runs in the transaction that stores the reply
 * ({@link MessageCreated} is published in it), moves the status only when it still is {@code new}
 * ({@link TicketService#moveStatus}) and records the move in the ticket's history under the agent.
 */
@Singleton
class TicketStatusFlow {

    private final TicketRepository tickets;
    private final TicketService service;

    TicketStatusFlow(TicketRepository tickets, TicketService service) {
        this.tickets = tickets;
        this.service = service;
    }

    @EventListener
    void onMessage(MessageCreated event) {
        MessageView m = event.message();
        if (m.author() != Author.agent) {
            return;
        }
        tickets.findOpenForConversation(m.conversationId()).filter(t -> Ticket.Status.NEW.value().equals(t.status()))
                .ifPresent(t -> service.moveStatus(t, Ticket.Status.NEW, Ticket.Status.OPEN, m.agentId()));
    }
}
