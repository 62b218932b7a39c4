package dev.handoff.app.tickets;

import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.ConversationResolved;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.MessageView;
import dev.handoff.app.drafts.DraftApproved;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * A ticket's status follows its conversation, as in Zendesk's ticket lifecycle: an agent's reply takes a
 * {@code new} ticket to {@code open} (a person is on it), and so does an agent's approving the assistant's draft on
 * email ({@link DraftApproved}; a draft sent without review is no one acting); resolving the conversation resolves its
 * ticket ({@link ConversationResolved}: an agent's Resolve, or auto-close); and the shopper writing again to a person
 * (the conversation has an assignee, so the assistant stays silent) reopens the ticket resolved in the last
 * {@link TicketService#REOPEN_WITHIN}, as a requester's reply reopens a solved ticket. Without an assignee the
 * assistant takes the message, and its escalation, if any, reopens the ticket ({@link TicketService#escalate}).
 * Runs in the transaction that stores the
 * reply, the approval or the resolution (each event is published in it), moves the status only from the one it read
 * ({@link TicketService#moveStatus}: a concurrent change wins) and records the move in the ticket's history, under the
 * agent who acted (none for a resolution or a reopening: they follow the conversation).
 */
@Singleton
class TicketStatusFlow {

    private final TicketRepository tickets;
    private final TicketService service;
    private final ConversationLookup conversations;

    TicketStatusFlow(TicketRepository tickets, TicketService service, ConversationLookup conversations) {
        this.tickets = tickets;
        this.service = service;
        this.conversations = conversations;
    }

    @EventListener
    void onMessage(MessageCreated event) {
        MessageView m = event.message();
        if (m.author() == Author.agent) {
            agentActed(m.conversationId(), m.agentId());
        } else if (m.author() == Author.customer
                && conversations.find(m.conversationId()).filter(c -> c.assigneeId() != null).isPresent()) {
            service.reopenRecentlyResolved(m.conversationId());
        }
    }

    @EventListener
    void onDraftApproved(DraftApproved event) {
        agentActed(event.conversationId(), event.agentId());
    }

    @EventListener
    void onResolved(ConversationResolved event) {
        tickets.findOpenForConversation(event.conversationId())
                .ifPresent(t -> service.moveStatus(t, Ticket.Status.parse(t.status()), Ticket.Status.RESOLVED, null));
    }

    /** Takes the conversation's ticket from {@code new} to {@code open}, recorded under the agent; any other status stays. */
    private void agentActed(UUID conversationId, @Nullable UUID agentId) {
        tickets.findOpenForConversation(conversationId).filter(t -> Ticket.Status.NEW.value().equals(t.status()))
                .ifPresent(t -> service.moveStatus(t, Ticket.Status.NEW, Ticket.Status.OPEN, agentId));
    }
}
