package dev.handoff.app.tickets;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tickets: one open ticket per conversation, numbered per store. */
@Singleton
public class TicketService {

    private final TicketRepository tickets;
    private final StoreService stores;
    private final ApplicationEventPublisher<TicketChanged> events;
    private final Clock clock;

    TicketService(TicketRepository tickets, StoreService stores, ApplicationEventPublisher<TicketChanged> events, Clock clock) {
        this.tickets = tickets;
        this.stores = stores;
        this.events = events;
        this.clock = clock;
    }

    /** @return the numbers of the conversation's tickets, oldest first */
    public List<Integer> numbersFor(UUID conversationId) {
        return tickets.findByConversationIdOrderByCreatedAt(conversationId).stream().map(Ticket::number).toList();
    }

    /**
     * Opens a ticket for an escalation, or, when the conversation already has an open ticket, updates
     * that one: priority only rises, summary and sentiment are replaced, the order is kept when the new
     * signal names none.
     *
     * @return the created or updated ticket
     */
    @Transactional
    public Ticket escalate(Escalation e) {
        Instant now = clock.instant();
        events.publishEvent(new TicketChanged(e.conversationId()));
        Optional<Ticket> open = tickets.findOpenForConversation(e.conversationId());
        if (open.isPresent()) {
            Ticket t = open.get();
            Ticket.Priority priority = e.priority().compareTo(t.priority()) > 0 ? e.priority() : t.priority();
            return tickets.update(new Ticket(t.id(), t.storeId(), t.number(), t.conversationId(), t.status(), priority,
                    t.category(), e.summary(), e.orderNumber() != null ? e.orderNumber() : t.orderNumber(),
                    e.sentiment(), t.escalationReason(), t.createdAt(), now));
        }
        int number = stores.takeTicketNumber(e.storeId());
        return tickets.save(new Ticket(UUID.randomUUID(), e.storeId(), number, e.conversationId(), Ticket.Status.NEW.value(),
                e.priority(), e.category(), e.summary(), e.orderNumber(), e.sentiment(), e.reason(), now, now));
    }

    /** @return the store's tickets, highest priority then oldest first */
    public List<Ticket> list(UUID storeId, @Nullable Ticket.Status status, int limit, int offset) {
        return tickets.list(storeId, status == null ? null : status.value(), Math.max(1, Math.min(limit, 200)), Math.max(0, offset));
    }

    /** @return the store's ticket with this number; 404 problem otherwise */
    public Ticket require(UUID storeId, int number) {
        return tickets.findByStoreIdAndNumber(storeId, number).orElseThrow(() -> Problems.notFound("Ticket"));
    }

    /** Changes status and/or priority. */
    @Transactional
    public Ticket change(UUID storeId, int number, @Nullable String status, @Nullable Ticket.Priority priority) {
        Ticket t = require(storeId, number);
        events.publishEvent(new TicketChanged(t.conversationId()));
        String newStatus = status == null ? t.status() : Ticket.Status.parse(status).value();
        return tickets.update(new Ticket(t.id(), t.storeId(), t.number(), t.conversationId(), newStatus,
                priority == null ? t.priority() : priority, t.category(), t.summary(), t.orderNumber(), t.sentiment(),
                t.escalationReason(), t.createdAt(), clock.instant()));
    }
}
