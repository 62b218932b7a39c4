package dev.handoff.app.tickets;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Tickets over the admin API. */
@Controller("/api/stores/{storeId}/tickets")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class TicketController {

    private final StoreService stores;
    private final TicketService tickets;

    TicketController(StoreService stores, TicketService tickets) {
        this.stores = stores;
        this.tickets = tickets;
    }

    /** Lists tickets, urgent first then oldest; {@code status} filters ({@code new|open|waiting|resolved}). */
    @Get
    List<TicketView> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                          @QueryValue @Nullable String status, @QueryValue(defaultValue = "50") int limit,
                          @QueryValue(defaultValue = "0") int offset) {
        stores.requireAccess(agent, storeId);
        return tickets.list(storeId, status == null ? null : Ticket.Status.parse(status), limit, offset)
                .stream().map(TicketView::of).toList();
    }

    /** Reads one ticket by number. */
    @Get("/{number}")
    TicketView get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, int number) {
        stores.requireAccess(agent, storeId);
        return TicketView.of(tickets.require(storeId, number));
    }

    /** Changes status and/or priority. */
    @Patch("/{number}")
    TicketView change(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, int number,
                      @Body Change body) {
        stores.requireAccess(agent, storeId);
        return TicketView.of(tickets.change(storeId, number, body.status(), body.priority()));
    }

    /** @param status new status or null @param priority new priority or null */
    @Serdeable
    record Change(@Nullable String status, @Nullable Ticket.Priority priority) {
    }

    /**
     * A ticket as the API shows it.
     *
     * @param number           ticket number
     * @param conversationId   originating conversation
     * @param status           {@code new|open|waiting|resolved}
     * @param priority         {@code low|medium|high|urgent}
     * @param category         category
     * @param orderNumber      order involved, or null
     * @param summary          summary
     * @param sentiment        customer sentiment when escalated
     * @param escalationReason why it was escalated
     * @param createdAt        created (UTC)
     * @param updatedAt        last change (UTC)
     */
    @Serdeable
    record TicketView(int number, UUID conversationId, String status, Ticket.Priority priority, String category,
                      @Nullable String orderNumber, String summary, @Nullable String sentiment, String escalationReason,
                      Instant createdAt, Instant updatedAt) {
        static TicketView of(Ticket t) {
            return new TicketView(t.number(), t.conversationId(), t.status(), t.priority(), t.category(), t.orderNumber(),
                    t.summary(), t.sentiment(), t.escalationReason(), t.createdAt(), t.updatedAt());
        }
    }
}
