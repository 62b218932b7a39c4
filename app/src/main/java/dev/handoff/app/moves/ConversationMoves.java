package dev.handoff.app.moves;

import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationRehoming;
import dev.handoff.app.conversation.ConversationLifecycle;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.EmailMessages;
import dev.handoff.app.conversation.EmailRecord;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.conversation.MessageAppender;
import dev.handoff.app.conversation.NewMessage;
import dev.handoff.app.drafts.DraftRehoming;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.tickets.Ticket;
import dev.handoff.app.tickets.TicketService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Merges and splits conversations, and undoes either. Every move is one transaction that changes the
 * conversation of rows only (messages with their email records and attachments, notes, drafts, tickets): no
 * message is copied or deleted, so each exists exactly once before and after. The move records what it
 * moved ({@code conversation_moves}) and a system message in each conversation says what happened.
 *
 * <p>Only email conversations merge and split: a widget chat belongs to one visitor's browser session, so merging it
 * (or into it) would leave replies going out on one channel only. Email conversations of different mailboxes
 * may merge: replies go out through the mailbox of the newest inbound email.
 */
@Singleton
public class ConversationMoves {

    private final ConversationLookup lookup;
    private final ConversationLifecycle lifecycle;
    private final Contacts contacts;
    private final MessageAppender appender;
    private final EmailMessages emails;
    private final TicketService tickets;
    private final ConversationRehoming rows;
    private final DraftRehoming drafts;
    private final JdbcOperations jdbc;
    private final Clock clock;

    ConversationMoves(ConversationLookup lookup, ConversationLifecycle lifecycle, Contacts contacts, MessageAppender appender,
                      EmailMessages emails, TicketService tickets, ConversationRehoming rows, DraftRehoming drafts, JdbcOperations jdbc,
                      Clock clock) {
        this.lookup = lookup;
        this.lifecycle = lifecycle;
        this.contacts = contacts;
        this.appender = appender;
        this.emails = emails;
        this.tickets = tickets;
        this.rows = rows;
        this.drafts = drafts;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Merges {@code sourceId} into {@code intoId}: every message (with email records and attachments), note, draft and
     * ticket moves; when both have an open ticket the target's stays open and the source's is resolved with a link to
     * it. The source stays as a pointer ({@link Conversation#mergedInto()}); later emails of either thread land in the
     * target because their Message-IDs and provider threads now belong to it.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 when either is not the store's; 400 merging a
     *         conversation into itself; 409 when either was already merged; 422 for widget conversations
     */
    @Transactional
    public ConversationMove merge(UUID storeId, UUID sourceId, UUID intoId, @Nullable UUID agentId) {
        if (sourceId.equals(intoId)) {
            throw Problems.badRequest("A conversation cannot be merged into itself");
        }
        Conversation source = lookup.require(storeId, sourceId);
        Conversation target = lookup.require(storeId, intoId);
        rows.lock(source.id(), target.id());
        refuseMerged(source);
        refuseMerged(target);
        if (source.channel().equals("widget") || target.channel().equals("widget")) {
            throw Problems.unprocessable("Only email conversations can be merged: a widget chat belongs to one visitor's browser, "
                    + "and replies would go out on one channel only");
        }
        List<UUID> messageIds = rows.messageIds(source.id());
        List<UUID> noteIds = rows.noteIds(source.id());
        List<UUID> draftIds = drafts.idsOf(source.id());
        List<Ticket> sourceTickets = tickets.ofConversation(source.id());
        Ticket closed = null;
        Ticket survivor = open(tickets.ofConversation(target.id()));
        Ticket sourceOpen = open(sourceTickets);
        if (survivor != null && sourceOpen != null) {
            closed = sourceOpen;
        }
        move(messageIds, noteIds, draftIds, source.id(), target.id());
        tickets.moveTo(sourceTickets.stream().map(Ticket::id).toList(), target.id(), agentId);
        if (closed != null) {
            tickets.setStatus(closed.id(), "resolved", "merged into ticket #" + survivor.number(), agentId);
        }
        rows.pointTo(source.id(), target.id());
        UUID id = record("merge", source, target, messageIds, noteIds, draftIds, sourceTickets.stream().map(Ticket::id).toList(),
                closed, agentId);
        appender.append(target, NewMessage.system("Merged " + describe(source) + " into this conversation (" + messageIds.size()
                + (messageIds.size() == 1 ? " message)" : " messages)")));
        appender.append(source, NewMessage.system("Merged into another conversation"));
        refresh(source.id(), target.id());
        return require(storeId, id);
    }

    /**
     * Splits an email conversation at a message: that message and the later messages of its email thread (those whose
     * In-Reply-To or References name a moved message, and replies to them) move into a new conversation of the same
     * contact, with the drafts answering them. Later emails of the moved thread land in the new conversation.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 for an unknown conversation or message; 409 on a merged
     *         conversation; 422 for widget conversations, a message that is not an email, or a split that would move
     *         every message
     */
    @Transactional
    public ConversationMove split(UUID storeId, UUID conversationId, UUID messageId, @Nullable UUID agentId) {
        Conversation source = lookup.require(storeId, conversationId);
        rows.lock(source.id(), source.id());
        refuseMerged(source);
        if (source.channel().equals("widget")) {
            throw Problems.unprocessable("Only email conversations can be split");
        }
        Message at = lookup.findMessage(messageId).filter(m -> m.conversationId().equals(source.id()))
                .orElseThrow(() -> Problems.notFound("Message"));
        EmailRecord start = emails.emailOf(at.id())
                .orElseThrow(() -> Problems.unprocessable("Split at an email message: this one is not an email"));
        List<Message> all = lookup.messages(source.id());
        Set<String> thread = new HashSet<>();
        if (start.rfcMessageId() != null) {
            thread.add(start.rfcMessageId());
        }
        List<UUID> moving = new ArrayList<>(List.of(at.id()));
        boolean after = false;
        for (Message m : all) {
            if (m.id().equals(at.id())) {
                after = true;
                continue;
            }
            if (!after) {
                continue;
            }
            var e = emails.emailOf(m.id());
            if (e.isEmpty()) {
                continue;
            }
            Set<String> names = new HashSet<>(e.get().inReplyToIds());
            names.addAll(e.get().references());
            if (names.stream().anyMatch(thread::contains)) {
                moving.add(m.id());
                if (e.get().rfcMessageId() != null) {
                    thread.add(e.get().rfcMessageId());
                }
            }
        }
        long stays = all.stream().filter(m -> m.author() != dev.handoff.app.conversation.Author.system && !moving.contains(m.id())).count();
        if (stays == 0) {
            throw Problems.unprocessable("Nothing would stay in this conversation: split at a later message");
        }
        Contact contact = contacts.contactOf(source);
        Conversation target = lifecycle.open(storeId, source.channel(), contact, null);
        List<UUID> draftIds = drafts.idsAnswering(source.id(), moving);
        move(moving, List.of(), draftIds, source.id(), target.id());
        UUID id = record("split", source, target, moving, List.of(), draftIds, List.of(), null, agentId);
        appender.append(source, NewMessage.system("Split " + moving.size() + (moving.size() == 1 ? " message" : " messages")
                + " into a new conversation"));
        appender.append(target, NewMessage.system("Split from another conversation"));
        refresh(source.id(), target.id());
        return require(storeId, id);
    }

    /**
     * Undoes a merge or split: what it moved goes back (items that arrived since stay where they are), a ticket it closed
     * gets its status back, a merged conversation is a conversation again, and a split-off conversation left with no
     * messages becomes a pointer to the original.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 for an unknown move; 409 when already undone, or when a
     *         later move involving either conversation must be undone first
     */
    @Transactional
    public ConversationMove undo(UUID storeId, UUID moveId, @Nullable UUID agentId) {
        ConversationMove m = require(storeId, moveId);
        rows.lock(m.sourceId(), m.targetId());
        if (m.undoneAt() != null) {
            throw Problems.conflict("This " + m.kind() + " was already undone");
        }
        boolean later = Boolean.TRUE.equals(jdbc.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM conversation_moves WHERE store_id = ? AND undone_at IS NULL AND created_at > ?
                  AND id <> ? AND (source_id IN (?, ?) OR target_id IN (?, ?)))""", s -> {
            s.setObject(1, storeId);
            s.setObject(2, java.sql.Timestamp.from(m.createdAt()));
            s.setObject(3, m.id());
            s.setObject(4, m.sourceId());
            s.setObject(5, m.targetId());
            s.setObject(6, m.sourceId());
            s.setObject(7, m.targetId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }));
        if (later) {
            throw Problems.conflict("A later merge or split involves these conversations: undo that one first");
        }
        List<UUID>[] moved = arrays(m.id());
        move(moved[0], moved[1], moved[2], m.targetId(), m.sourceId());
        tickets.moveTo(moved[3], m.sourceId(), agentId);
        Object[] closed = jdbc.prepareStatement("SELECT closed_ticket_id, closed_ticket_status FROM conversation_moves WHERE id = ?", s -> {
            s.setObject(1, m.id());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Object[] {rs.getObject(1, UUID.class), rs.getString(2)};
            }
        });
        if (closed[0] != null) {
            tickets.setStatus((UUID) closed[0], (String) closed[1], "merge undone", agentId);
        }
        Conversation source = lookup.find(m.sourceId()).orElseThrow();
        Conversation target = lookup.find(m.targetId()).orElseThrow();
        if (m.kind().equals("merge")) {
            rows.unpoint(m.sourceId());
            appender.append(source, NewMessage.system("Merge undone: this conversation is separate again"));
            appender.append(target, NewMessage.system("Merge undone: " + moved[0].size() + " messages went back"));
        } else {
            appender.append(source, NewMessage.system("Split undone: " + moved[0].size() + " messages came back"));
            boolean empty = rows.onlySystemMessages(m.targetId());
            appender.append(target, NewMessage.system("Split undone: the messages went back to the original conversation"));
            if (empty) {
                rows.pointTo(m.targetId(), m.sourceId());
            }
        }
        jdbc.prepareStatement("UPDATE conversation_moves SET undone_at = ?, undone_by = ? WHERE id = ?", s -> {
            s.setObject(1, java.sql.Timestamp.from(clock.instant()));
            s.setObject(2, agentId);
            s.setObject(3, m.id());
            return s.executeUpdate();
        });
        refresh(source.id(), target.id());
        return require(storeId, m.id());
    }

    /** @return the merges and splits a conversation took part in, newest first; 404 for an unknown conversation */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public List<ConversationMove> history(UUID storeId, UUID conversationId) {
        lookup.require(storeId, conversationId);
        return jdbc.prepareStatement(SELECT + " WHERE m.store_id = ? AND (m.source_id = ? OR m.target_id = ?) ORDER BY m.created_at DESC", s -> {
            s.setObject(1, storeId);
            s.setObject(2, conversationId);
            s.setObject(3, conversationId);
            return list(s);
        }).stream().map(this::withTicketNumber).toList();
    }

    private static final String SELECT = """
            SELECT m.id, m.kind, m.source_id, m.target_id, cardinality(m.message_ids), cardinality(m.note_ids), cardinality(m.draft_ids),
                   cardinality(m.ticket_ids), m.closed_ticket_id, m.agent_id, m.created_at, m.undone_at
            FROM conversation_moves m""";

    private ConversationMove require(UUID storeId, UUID moveId) {
        return jdbc.prepareStatement(SELECT + " WHERE m.store_id = ? AND m.id = ?", s -> {
            s.setObject(1, storeId);
            s.setObject(2, moveId);
            return list(s);
        }).stream().findFirst().map(this::withTicketNumber).orElseThrow(() -> Problems.notFound("Merge or split"));
    }

    /** A move as stored, with the id of the ticket it closed (its number comes from the tickets feature). */
    private record Stored(ConversationMove move, @Nullable UUID closedTicketId) {
    }

    private ConversationMove withTicketNumber(Stored s) {
        Integer number = s.closedTicketId() == null ? null : tickets.numberOf(s.closedTicketId()).orElse(null);
        ConversationMove m = s.move();
        return new ConversationMove(m.id(), m.kind(), m.sourceId(), m.targetId(), m.messages(), m.notes(), m.drafts(), m.tickets(),
                number, m.agentId(), m.createdAt(), m.undoneAt());
    }

    private static List<Stored> list(PreparedStatement s) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                java.sql.Timestamp undone = rs.getTimestamp(12);
                out.add(new Stored(new ConversationMove(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), null,
                        rs.getObject(10, UUID.class), rs.getTimestamp(11).toInstant(), undone == null ? null : undone.toInstant()),
                        rs.getObject(9, UUID.class)));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<UUID>[] arrays(UUID moveId) {
        return jdbc.prepareStatement("SELECT message_ids, note_ids, draft_ids, ticket_ids FROM conversation_moves WHERE id = ?", s -> {
            s.setObject(1, moveId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                List<UUID>[] out = new List[4];
                for (int i = 0; i < 4; i++) {
                    out[i] = Arrays.asList((UUID[]) rs.getArray(i + 1).getArray());
                }
                return out;
            }
        });
    }

    private static void refuseMerged(Conversation c) {
        if (c.mergedInto() != null) {
            throw Problems.conflict("Conversation " + c.id() + " was merged into " + c.mergedInto() + "; work in that one");
        }
    }

    private static @Nullable Ticket open(List<Ticket> all) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (!all.get(i).status().equals("resolved")) {
                return all.get(i);
            }
        }
        return null;
    }

    private String describe(Conversation c) {
        Contact who = contacts.contactOf(c);
        String name = who.email() != null ? who.email() : who.name() != null ? who.name() : "an anonymous customer";
        return "a conversation with " + name;
    }

    /** Moves the listed rows that are still in {@code from}: messages, notes and drafts, each through the feature owning it. */
    private void move(List<UUID> messageIds, List<UUID> noteIds, List<UUID> draftIds, UUID from, UUID to) {
        rows.move(messageIds, noteIds, from, to);
        drafts.move(draftIds, from, to);
    }

    private UUID record(String kind, Conversation source, Conversation target, List<UUID> messages, List<UUID> notes, List<UUID> drafts,
                        List<UUID> ticketIds, @Nullable Ticket closed, @Nullable UUID agentId) {
        UUID id = UUID.randomUUID();
        jdbc.prepareStatement("""
                INSERT INTO conversation_moves (id, store_id, kind, source_id, target_id, message_ids, note_ids, draft_ids, ticket_ids,
                  closed_ticket_id, closed_ticket_status, agent_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", s -> {
            s.setObject(1, id);
            s.setObject(2, source.storeId());
            s.setString(3, kind);
            s.setObject(4, source.id());
            s.setObject(5, target.id());
            int i = 6;
            for (List<UUID> l : List.of(messages, notes, drafts, ticketIds)) {
                Array a = s.getConnection().createArrayOf("uuid", l.toArray());
                s.setArray(i++, a);
            }
            s.setObject(10, closed == null ? null : closed.id());
            s.setString(11, closed == null ? null : closed.status());
            s.setObject(12, agentId);
            s.setObject(13, java.sql.Timestamp.from(clock.instant()));
            return s.executeUpdate();
        });
        return id;
    }

    /** Recomputes what the inbox shows of both conversations, and tells search and analytics. */
    private void refresh(UUID a, UUID b) {
        rows.refresh(a, drafts.pending(a));
        rows.refresh(b, drafts.pending(b));
    }
}
