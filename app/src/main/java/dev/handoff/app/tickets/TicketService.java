package dev.handoff.app.tickets;

import dev.handoff.app.conversation.Tags;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AuthService;
import dev.handoff.app.store.StoreService;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tickets: one open ticket per conversation, numbered per store; new tickets go round-robin to the
 * store's online agents (a session used within {@code handoff.tickets.online-window}, 15 min: the
 * one assigned longest ago first); every change is recorded with who and when.
 */
@Singleton
public class TicketService {

    private final TicketRepository tickets;
    private final TicketEventRepository events;
    private final StoreService stores;
    private final AuthService auth;
    private final ApplicationEventPublisher<TicketChanged> changed;
    private final ApplicationEventPublisher<TicketOpened> opened;
    private final Clock clock;
    private final Duration onlineWindow;

    TicketService(TicketRepository tickets, TicketEventRepository events, StoreService stores, AuthService auth,
                  ApplicationEventPublisher<TicketChanged> changed, ApplicationEventPublisher<TicketOpened> opened, Clock clock,
                  @Value("${handoff.tickets.online-window:15m}") Duration onlineWindow) {
        this.tickets = tickets;
        this.events = events;
        this.stores = stores;
        this.auth = auth;
        this.changed = changed;
        this.opened = opened;
        this.clock = clock;
        this.onlineWindow = onlineWindow;
    }

    /** @return the order named by the conversation's newest ticket, if any */
    public Optional<String> orderNumberFor(UUID conversationId) {
        List<Ticket> all = tickets.findByConversationIdOrderByCreatedAt(conversationId);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).orderNumber() != null) {
                return Optional.of(all.get(i).orderNumber());
            }
        }
        return Optional.empty();
    }

    /** @return the conversation's tickets, oldest first */
    public List<Ticket> ofConversation(UUID conversationId) {
        return tickets.findByConversationIdOrderByCreatedAt(conversationId);
    }

    /** @return the number of a ticket by its id, if it still exists */
    public Optional<Integer> numberOf(UUID ticketId) {
        return tickets.findById(ticketId).map(Ticket::number);
    }

    /** @return the numbers of the conversation's tickets, oldest first */
    public List<Integer> numbersFor(UUID conversationId) {
        return tickets.findByConversationIdOrderByCreatedAt(conversationId).stream().map(Ticket::number).toList();
    }

    /**
     * Opens a ticket for an escalation, or, when the conversation already has an open ticket, updates
     * that one (or the one resolved with the conversation in the last {@link #REOPEN_WITHIN}, reopened): priority only
     * rises, summary and sentiment are replaced, the order is kept when the new
     * signal names none, and a {@code general} category gives way to the new signal's (recorded in the history).
     * A new ticket is assigned round-robin to an online agent of the store.
     *
     * @return the created or updated ticket
     */
    @Transactional
    public Ticket escalate(Escalation e) {
        Instant now = clock.instant();
        changed.publishEvent(new TicketChanged(e.conversationId()));
        Optional<Ticket> open = tickets.findOpenForConversation(e.conversationId()).or(() -> reopenRecent(e.conversationId(), now));
        if (open.isPresent()) {
            Ticket t = open.get();
            Ticket.Priority priority = e.priority().compareTo(t.priority()) > 0 ? e.priority() : t.priority();
            record(t, null, "priority", t.priority().name(), priority.name(), now);
            if (priority == Ticket.Priority.urgent && t.priority() != Ticket.Priority.urgent) {
                opened.publishEvent(new TicketOpened(t.storeId(), t.number(), priority, e.reason(), e.summary(), false));
            }
            // a ticket opened as general ("let me talk to a person") takes the problem's category once the shopper names it
            String category = Ticket.GENERAL.equals(t.category()) && !Ticket.GENERAL.equals(e.category()) ? e.category() : t.category();
            record(t, null, "category", t.category(), category, now);
            return tickets.update(new Ticket(t.id(), t.storeId(), t.number(), t.conversationId(), t.status(), priority,
                    category, e.summary(), e.orderNumber() != null ? e.orderNumber() : t.orderNumber(),
                    e.sentiment(), t.escalationReason(), t.createdAt(), now, t.assigneeId(), t.assignedAt(), t.tags()));
        }
        int number = stores.takeTicketNumber(e.storeId());
        UUID assignee = nextOnlineAgent(e.storeId()).orElse(null);
        Ticket t = tickets.save(new Ticket(UUID.randomUUID(), e.storeId(), number, e.conversationId(), Ticket.Status.NEW.value(),
                e.priority(), e.category(), e.summary(), e.orderNumber(), e.sentiment(), e.reason(), now, now, assignee,
                assignee == null ? null : now, ""));
        record(t, null, "created", null, e.reason(), now);
        opened.publishEvent(new TicketOpened(t.storeId(), t.number(), t.priority(), e.reason(), e.summary(), true));
        if (assignee != null) {
            record(t, null, "assignee", null, assignee.toString(), now);
        }
        return t;
    }

    /**
     * @return the summary of the conversation's open ticket, or of the one resolved with it in the last
     *         {@link #REOPEN_WITHIN} (which an escalation would reopen), if it has one
     */
    public Optional<String> openSummary(UUID conversationId) {
        return tickets.findOpenForConversation(conversationId).or(() -> recentlyResolved(conversationId, clock.instant()))
                .map(Ticket::summary);
    }

    /**
     * How long a resolved ticket is reopened by its conversation's next escalation (a thumbs-down after the resolution,
     * the shopper back with the same problem) rather than a new ticket opened, as a solved ticket reopens on the
     * requester's reply in Zendesk's lifecycle until it is closed.
     */
    static final java.time.Duration REOPEN_WITHIN = java.time.Duration.ofDays(7);

    private Optional<Ticket> recentlyResolved(UUID conversationId, Instant now) {
        return tickets.findLatestForConversation(conversationId)
                .filter(t -> Ticket.Status.RESOLVED.value().equals(t.status()) && t.updatedAt().isAfter(now.minus(REOPEN_WITHIN)));
    }

    /** Reopens the conversation's ticket resolved in the last {@link #REOPEN_WITHIN}, if it has one (as {@code open}). */
    void reopenRecentlyResolved(UUID conversationId) {
        reopenRecent(conversationId, clock.instant());
    }

    /** Reopens the conversation's ticket resolved in the last {@link #REOPEN_WITHIN}; @return it, open, if there was one */
    private Optional<Ticket> reopenRecent(UUID conversationId, Instant now) {
        return recentlyResolved(conversationId, now)
                .filter(t -> moveStatus(t, Ticket.Status.RESOLVED, Ticket.Status.OPEN, null))
                .flatMap(t -> tickets.findById(t.id()));
    }

    /** Replaces the summary of the conversation's open ticket, if it has one (a model-written summary). */
    @Transactional
    public void updateOpenSummary(UUID conversationId, String summary) {
        tickets.findOpenForConversation(conversationId).ifPresent(t -> {
            changed.publishEvent(new TicketChanged(conversationId));
            tickets.update(new Ticket(t.id(), t.storeId(), t.number(), t.conversationId(), t.status(), t.priority(), t.category(), summary,
                    t.orderNumber(), t.sentiment(), t.escalationReason(), t.createdAt(), clock.instant(), t.assigneeId(), t.assignedAt(), t.tags()));
        });
    }

    /** @return the online member of the store assigned a ticket longest ago (never assigned first) */
    private Optional<UUID> nextOnlineAgent(UUID storeId) {
        Set<UUID> online = auth.onlineAgents(onlineWindow);
        return stores.memberIds(storeId).stream().filter(online::contains)
                .min(Comparator.comparing((UUID a) -> tickets.lastAssignedAt(storeId, a).orElse(Instant.EPOCH)).thenComparing(UUID::toString));
    }

    /**
     * Filters for {@link #list}; every field optional.
     *
     * @param status     {@code new|open|waiting|resolved}
     * @param priority   {@code low|medium|high|urgent}
     * @param category   exact category
     * @param assigneeId assigned agent
     * @param channel    the conversation's channel
     * @param from       created at or after
     * @param to         created before
     */
    public record Filter(@Nullable Ticket.Status status, @Nullable Ticket.Priority priority, @Nullable String category,
                         @Nullable UUID assigneeId, @Nullable String channel, @Nullable Instant from, @Nullable Instant to) {
    }

    /** @return the store's tickets matching {@code f}, highest priority then oldest first */
    public List<Ticket> list(UUID storeId, Filter f, int limit, int offset) {
        return tickets.list(storeId, f.status() == null ? null : f.status().value(), f.priority() == null ? null : f.priority().name(),
                f.category(), f.assigneeId(), f.channel(), f.from(), f.to(), Math.max(1, Math.min(limit, 200)), Math.max(0, offset));
    }

    /** @return the store's ticket with this number; 404 problem otherwise */
    public Ticket require(UUID storeId, int number) {
        return tickets.findByStoreIdAndNumber(storeId, number).orElseThrow(() -> Problems.notFound("Ticket"));
    }

    /** @return the ticket's recorded changes, oldest first */
    public List<TicketEvent> history(Ticket t) {
        return events.findByTicketIdOrderByCreatedAt(t.id());
    }

    /**
     * A change by an agent; every field optional.
     *
     * @param status     {@code new|open|waiting|resolved} (any to any)
     * @param priority   {@code low|medium|high|urgent}
     * @param category   1..60 characters
     * @param assigneeId a member of the store
     * @param unassign   true to remove the assignee
     * @param tags       replaces the tags ({@link Tags#normalise})
     */
    @Serdeable
    public record Change(@Nullable String status, @Nullable Ticket.Priority priority, @Nullable String category,
                         @Nullable UUID assigneeId, @Nullable Boolean unassign, @Nullable List<String> tags) {
    }

    /**
     * Applies a change, recording each field that changed with {@code agentId} and the time.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 for an unknown ticket; 400 for an
     *         unknown status, a bad category or tag, or an assignee who is not a member of the store
     */
    @Transactional
    public Ticket change(UUID storeId, int number, Change c, @Nullable UUID agentId) {
        Ticket t = require(storeId, number);
        Instant now = clock.instant();
        String status = c.status() == null ? t.status() : Ticket.Status.parse(c.status()).value();
        Ticket.Priority priority = c.priority() == null ? t.priority() : c.priority();
        String category = t.category();
        if (c.category() != null) {
            category = c.category().strip().toLowerCase(Locale.ROOT);
            if (category.isEmpty() || category.length() > 60) {
                throw Problems.badRequest("category must be 1 to 60 characters");
            }
        }
        UUID assignee = t.assigneeId();
        if (Boolean.TRUE.equals(c.unassign())) {
            assignee = null;
        } else if (c.assigneeId() != null) {
            if (!stores.memberIds(storeId).contains(c.assigneeId())) {
                throw Problems.badRequest("The assignee must be a member of the store");
            }
            assignee = c.assigneeId();
        }
        String tags = c.tags() == null ? t.tags() : Tags.normalise(c.tags());
        record(t, agentId, "status", t.status(), status, now);
        record(t, agentId, "priority", t.priority().name(), priority.name(), now);
        record(t, agentId, "category", t.category(), category, now);
        record(t, agentId, "assignee", t.assigneeId() == null ? null : t.assigneeId().toString(), assignee == null ? null : assignee.toString(), now);
        record(t, agentId, "tags", t.tags(), tags, now);
        changed.publishEvent(new TicketChanged(t.conversationId()));
        return tickets.update(new Ticket(t.id(), t.storeId(), t.number(), t.conversationId(), status, priority, category, t.summary(),
                t.orderNumber(), t.sentiment(), t.escalationReason(), t.createdAt(), now, assignee,
                Objects.equals(assignee, t.assigneeId()) ? t.assignedAt() : assignee == null ? null : now, tags));
    }

    /** Deletes a ticket (spam); its conversation stays. @throws io.micronaut.http.exceptions.HttpStatusException 404 */
    @Transactional
    public Ticket delete(UUID storeId, int number) {
        Ticket t = require(storeId, number);
        tickets.delete(t);
        changed.publishEvent(new TicketChanged(t.conversationId()));
        return t;
    }

    /**
     * Applies one change to several tickets, or deletes them, all or nothing.
     *
     * @return the tickets as changed (or as they were before deletion)
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 naming no ticket when one is unknown (nothing changes)
     */
    @Transactional
    public List<Ticket> bulk(UUID storeId, List<Integer> numbers, @Nullable Change change, boolean delete, @Nullable UUID agentId) {
        List<Ticket> out = new java.util.ArrayList<>();
        for (int number : new LinkedHashSet<>(numbers)) {
            out.add(delete ? delete(storeId, number) : change(storeId, number, change, agentId));
        }
        return out;
    }

    /**
     * Moves tickets to another conversation (a merge, a split or their undo), recording the move on each.
     *
     * @param ticketIds tickets of the store; unknown ids are skipped
     */
    @Transactional
    public void moveTo(List<UUID> ticketIds, UUID conversationId, @Nullable UUID agentId) {
        Instant now = clock.instant();
        for (UUID id : ticketIds) {
            tickets.findById(id).filter(t -> !t.conversationId().equals(conversationId)).ifPresent(t -> {
                record(t, agentId, "conversation", t.conversationId().toString(), conversationId.toString(), now);
                tickets.update(withConversationAndStatus(t, conversationId, t.status(), now));
                changed.publishEvent(new TicketChanged(t.conversationId()));
                changed.publishEvent(new TicketChanged(conversationId));
            });
        }
    }

    /**
     * Sets a ticket's status outside the agent's edit form (closing the second open ticket of a merge, restoring it on
     * undo), recording the change with {@code why} as a note field.
     *
     * @param status {@code new|open|waiting|resolved}
     * @param why    e.g. {@code merged into ticket #12}
     */
    @Transactional
    public void setStatus(UUID ticketId, String status, String why, @Nullable UUID agentId) {
        tickets.findById(ticketId).ifPresent(t -> {
            Instant now = clock.instant();
            record(t, agentId, "status", t.status(), Ticket.Status.parse(status).value(), now);
            record(t, agentId, "note", null, why, now);
            tickets.update(withConversationAndStatus(t, t.conversationId(), Ticket.Status.parse(status).value(), now));
            changed.publishEvent(new TicketChanged(t.conversationId()));
        });
    }

    /**
     * Moves a ticket's status when it still is {@code from} (the conversation moved it: {@link TicketStatusFlow}), in
     * one conditional update that leaves every other field as a concurrent change left it, and records the move.
     *
     * @param agentId the agent whose action moved it
     * @return whether it moved
     */
    @Transactional
    public boolean moveStatus(Ticket t, Ticket.Status from, Ticket.Status to, @Nullable UUID agentId) {
        Instant now = clock.instant();
        if (tickets.moveStatus(t.id(), from.value(), to.value(), now) == 0) {
            return false;
        }
        record(t, agentId, "status", from.value(), to.value(), now);
        changed.publishEvent(new TicketChanged(t.conversationId()));
        return true;
    }

    private static Ticket withConversationAndStatus(Ticket t, UUID conversationId, String status, Instant now) {
        return new Ticket(t.id(), t.storeId(), t.number(), conversationId, status, t.priority(), t.category(), t.summary(),
                t.orderNumber(), t.sentiment(), t.escalationReason(), t.createdAt(), now, t.assigneeId(), t.assignedAt(), t.tags());
    }

    private void record(Ticket t, @Nullable UUID agentId, String field, @Nullable String before, @Nullable String after, Instant at) {
        if (!Objects.equals(before, after)) {
            events.save(new TicketEvent(UUID.randomUUID(), t.id(), agentId, field, before, after, at));
        }
    }
}
