package dev.handoff.app.tickets;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationDetail;
import dev.handoff.app.conversation.AgentReplies;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.ConversationViews;
import dev.handoff.app.conversation.Notes;
import dev.handoff.app.conversation.MessageView;
import dev.handoff.app.conversation.Note;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Tickets over the admin API. */
@io.micronaut.validation.Validated
@Controller("/api/stores/{storeId}/tickets")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class TicketController {

    private static final Set<String> CHANNELS = Set.of("widget", "gmail", "outlook", "imap");

    private final StoreService stores;
    private final TicketService tickets;
    private final ConversationLookup lookup;
    private final AgentReplies agentReplies;
    private final Notes notes;
    private final ConversationViews views;

    TicketController(StoreService stores, TicketService tickets, ConversationLookup lookup, AgentReplies agentReplies,
                     Notes notes, ConversationViews views) {
        this.stores = stores;
        this.tickets = tickets;
        this.lookup = lookup;
        this.agentReplies = agentReplies;
        this.notes = notes;
        this.views = views;
    }

    /**
     * Lists tickets, urgent first then oldest; filters {@code status}, {@code priority}, {@code category},
     * {@code assignee} (an agent id, or {@code me}), {@code channel}, {@code from}/{@code to} (created, ISO-8601).
     */
    @Get
    List<TicketView> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                          @QueryValue @Nullable String status, @QueryValue @Nullable Ticket.Priority priority,
                          @QueryValue @Nullable String category, @QueryValue @Nullable String assignee,
                          @QueryValue @Nullable String channel, @QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to,
                          @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit, @QueryValue(defaultValue = "0") @Min(0) @Max(100_000) int offset) {
        stores.requireAccess(agent, storeId);
        if (channel != null && !CHANNELS.contains(channel)) {
            throw Problems.badRequest("channel must be one of " + CHANNELS);
        }
        UUID assigneeId = assignee == null ? null : "me".equals(assignee) ? agent.id() : parse(assignee);
        return tickets.list(storeId, new TicketService.Filter(status == null ? null : Ticket.Status.parse(status), priority,
                category, assigneeId, channel, from, to), limit, offset).stream().map(TicketView::of).toList();
    }

    /** The tickets of one conversation, oldest first (its summary, order and reason for the conversation view); 404 for an unknown conversation. */
    @Get("/of-conversation/{conversationId}")
    List<TicketView> ofConversation(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID conversationId) {
        stores.requireAccess(agent, storeId);
        Conversation c = lookup.require(storeId, conversationId);
        return tickets.ofConversation(c.id()).stream().map(TicketView::of).toList();
    }

    /** One ticket with its conversation and its recorded changes. */
    @Get("/{number}")
    TicketDetail get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, int number) {
        stores.requireAccess(agent, storeId);
        Ticket t = tickets.require(storeId, number);
        return new TicketDetail(TicketView.of(t), views.detail(storeId, t.conversationId()), tickets.history(t));
    }

    /** Changes status, priority, category, assignee and/or tags; each change is recorded. */
    @Patch("/{number}")
    TicketView change(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, int number,
                      @Body TicketService.Change body) {
        stores.requireAccess(agent, storeId);
        return TicketView.of(tickets.change(storeId, number, body, agent.id()));
    }

    /** Assigns the ticket to the signed-in agent. */
    @Post("/{number}/assign")
    TicketView assignToMe(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, int number) {
        stores.requireAccess(agent, storeId);
        return TicketView.of(tickets.change(storeId, number, new TicketService.Change(null, null, null, agent.id(), null, null), agent.id()));
    }

    /** Replies to the shopper in the ticket's conversation; a new or open ticket becomes {@code waiting}. */
    @Post("/{number}/reply")
    @Status(HttpStatus.CREATED)
    MessageView reply(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, int number, @Body Text body,
                      @Header("Idempotency-Key") @Nullable String idempotencyKey) {
        stores.requireAccess(agent, storeId);
        Ticket t = tickets.require(storeId, number);
        Conversation c = lookup.require(storeId, t.conversationId());
        MessageView sent = MessageView.of(agentReplies.reply(c, agent.id(), body.text(), idempotencyKey).message());
        if (t.status().equals("new") || t.status().equals("open")) {
            tickets.change(storeId, number, new TicketService.Change("waiting", null, null, null, null, null), agent.id());
        }
        return sent;
    }

    /** Adds a private note (on the ticket's conversation; never shown to the shopper). */
    @Post("/{number}/notes")
    @Status(HttpStatus.CREATED)
    Note note(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, int number, @Body Text body) {
        stores.requireAccess(agent, storeId);
        Ticket t = tickets.require(storeId, number);
        return notes.addNote(lookup.require(storeId, t.conversationId()), agent.id(), "note", body.text());
    }

    /** Deletes a ticket (spam); the conversation stays. */
    @Delete("/{number}")
    @Status(HttpStatus.NO_CONTENT)
    void delete(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, int number) {
        stores.requireAccess(agent, storeId);
        tickets.delete(storeId, number);
    }

    /** Applies one change to many tickets, or deletes them; 200 with the tickets changed (unknown numbers make it 404, nothing changed). */
    @Post("/bulk")
    List<TicketView> bulk(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, @Body Bulk body) {
        stores.requireAccess(agent, storeId);
        if (body.numbers() == null || body.numbers().isEmpty() || body.numbers().size() > 200) {
            throw Problems.badRequest("numbers must list 1 to 200 tickets");
        }
        boolean delete = Boolean.TRUE.equals(body.delete());
        if (!delete && body.change() == null) {
            throw Problems.badRequest("Give a change or delete: true");
        }
        return tickets.bulk(storeId, body.numbers(), body.change(), delete, agent.id()).stream().map(TicketView::of).toList();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("assignee must be an agent id or me");
        }
    }

    /** @param text 1..20,000 characters */
    @Serdeable
    record Text(String text) {
    }

    /** @param numbers tickets @param change applied to each (ignored with {@code delete}) @param delete delete them (spam) */
    @Serdeable
    record Bulk(List<Integer> numbers, @Nullable TicketService.Change change, @Nullable Boolean delete) {
    }

    /** @param ticket the ticket @param conversation its conversation @param history its recorded changes, oldest first */
    @Serdeable
    record TicketDetail(TicketView ticket, ConversationDetail conversation, List<TicketEvent> history) {
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
     * @param assigneeId       assigned agent, or null
     * @param tags             tags
     * @param createdAt        created (UTC)
     * @param updatedAt        last change (UTC)
     */
    @Serdeable
    record TicketView(int number, UUID conversationId, String status, Ticket.Priority priority, String category,
                      @Nullable String orderNumber, String summary, @Nullable String sentiment, String escalationReason,
                      @Nullable UUID assigneeId, List<String> tags, Instant createdAt, Instant updatedAt) {
        static TicketView of(Ticket t) {
            return new TicketView(t.number(), t.conversationId(), t.status(), t.priority(), t.category(), t.orderNumber(),
                    t.summary(), t.sentiment(), t.escalationReason(), t.assigneeId(), t.tagList(), t.createdAt(), t.updatedAt());
        }
    }
}
