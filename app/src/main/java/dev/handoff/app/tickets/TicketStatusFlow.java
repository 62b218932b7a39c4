package dev.handoff.app.tickets;

import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.MessageView;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/**
 * A ticket's status follows its conversation, as in Zendesk's ticket lifecycle: an agent's reply takes a
 * {@code new} ticket to {@code open} (a person is on it), and a shopper's message takes a ticket {@code waiting}
 * on them back to {@code open} (it needs a person again). Runs in the transaction that stores the message
 * ({@link MessageCreated} is published in it) and records the change in the ticket's history, under the agent
 * who replied or, for the shopper's message, with the note "the customer replied".
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
        Ticket.Status from = m.author() == Author.agent ? Ticket.Status.NEW
                : m.author() == Author.customer ? Ticket.Status.WAITING : null;
        if (from == null) {
            return;
        }
        tickets.findOpenForConversation(m.conversationId()).filter(t -> from.value().equals(t.status()))
                .ifPresent(t -> service.setStatus(t.id(), Ticket.Status.OPEN.value(),
                        m.author() == Author.customer ? "the customer replied" : null, m.agentId()));
    }
}
