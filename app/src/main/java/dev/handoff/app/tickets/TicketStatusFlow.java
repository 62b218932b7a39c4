package dev.handoff.app.tickets;

import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.EmailMessages;
import dev.handoff.app.conversation.EmailRecord;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.MessageView;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;

/**
 * A ticket's status follows its conversation, as in Zendesk's ticket lifecycle: an agent's reply takes a
 * {@code new} ticket to {@code open} (a person is on it), and a shopper's message takes a ticket {@code waiting}
 * on them back to {@code open} (it needs a person again); a bounce or an auto-reply (an email marked
 * automatic) does not. Runs in the transaction that stores the message ({@link MessageCreated} is published in
 * it; a shopper's email is read just before that transaction commits, once its email record is stored), moves the
 * status only when it still is the one expected ({@link TicketService#moveStatus}), and records the move in the
 * ticket's history, under the agent who replied or, for the shopper's message, with the note "the customer replied".
 */
@Singleton
class TicketStatusFlow {

    private final TicketRepository tickets;
    private final TicketService service;
    private final EmailMessages emails;
    private final TransactionOperations<Connection> transactions;

    TicketStatusFlow(TicketRepository tickets, TicketService service, EmailMessages emails, TransactionOperations<Connection> transactions) {
        this.tickets = tickets;
        this.service = service;
        this.emails = emails;
        this.transactions = transactions;
    }

    @EventListener
    void onMessage(MessageCreated event) {
        MessageView m = event.message();
        if (m.author() == Author.agent) {
            move(m, Ticket.Status.NEW, null);
        } else if (m.author() == Author.customer) {
            // an email's record (automatic or not) is stored after the message, in the same transaction
            transactions.findTransactionStatus().ifPresentOrElse(status -> status.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    fromCustomer(m);
                }
            }), () -> fromCustomer(m));
        }
    }

    private void fromCustomer(MessageView m) {
        if (emails.emailOf(m.id()).map(EmailRecord::autoSubmitted).orElse(false)) {
            return;
        }
        move(m, Ticket.Status.WAITING, "the customer replied");
    }

    private void move(MessageView m, Ticket.Status from, String note) {
        tickets.findOpenForConversation(m.conversationId()).filter(t -> from.value().equals(t.status()))
                .ifPresent(t -> service.moveStatus(t, from, Ticket.Status.OPEN, note, m.agentId()));
    }
}
