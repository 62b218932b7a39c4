package dev.handoff.app.realtime;

import dev.handoff.app.conversation.ConversationChanged;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.InboxQueries;
import dev.handoff.app.conversation.ConversationSummary;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.MessageView;
import dev.handoff.app.security.SessionsEnded;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import io.micronaut.websocket.WebSocketSession;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agents' live inbox: open dashboard sessions of this node, by store. After each commit a new
 * message is pushed as {@code {"type":"message","message":{...}}}, and a changed conversation (new
 * message, status, assignment, drafts, sentiment) as {@code {"type":"conversation","conversation":{...}}}
 * with its inbox row, and a shopper's typing and reading (see {@link #shopperActivity}); conversation changes are coalesced over {@value #COALESCE_MS} ms so a busy
 * conversation costs one row read, and nothing is read for stores nobody is watching.
 * In cluster mode the same events reach the sessions on the other nodes through {@link ClusterRelay}.
 */
@Singleton
public class AgentSessions {

    static final long COALESCE_MS = 150;
    /** Session attribute: the SHA-256 of the agent's session token the socket was opened with. */
    static final String TOKEN_HASH = "tokenHash";
    /** Session attribute: the agent's id. */
    static final String AGENT = "agentId";
    private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);

    private final Map<UUID, Set<WebSocketSession>> byStore = new ConcurrentHashMap<>();
    private final Set<UUID> changed = ConcurrentHashMap.newKeySet();
    private final ConversationLookup lookup;
    private final InboxQueries inbox;
    private final TransactionOperations<Connection> transactions;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-inbox-events");
        t.setDaemon(true);
        return t;
    });

    private final dev.handoff.app.cluster.ClusterBus bus;

    AgentSessions(ConversationLookup lookup, InboxQueries inbox, TransactionOperations<Connection> transactions,
                  dev.handoff.app.cluster.ClusterBus bus) {
        this.lookup = lookup;
        this.inbox = inbox;
        this.bus = bus;
        this.transactions = transactions;
        flusher.scheduleWithFixedDelay(this::flush, COALESCE_MS, COALESCE_MS, TimeUnit.MILLISECONDS);
    }

    void add(UUID storeId, WebSocketSession session) {
        byStore.computeIfAbsent(storeId, id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void remove(UUID storeId, WebSocketSession session) {
        byStore.computeIfPresent(storeId, (id, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** Closes (1008, policy violation) the sockets of ended sessions: logout, removal from a store. */
    @io.micronaut.runtime.event.annotation.EventListener
    void onSessionsEnded(SessionsEnded event) {
        closeEnded(event);
        bus.announce(ClusterRelay.SESSIONS_ENDED, event.tokenHash() == null ? "-" : event.tokenHash(),
                event.agentId() == null ? "-" : event.agentId());
    }

    /** Closes this node's sockets of the ended sessions. */
    void closeEnded(SessionsEnded event) {
        for (Set<WebSocketSession> sessions : byStore.values()) {
            for (WebSocketSession s : sessions) {
                if (event.covers(s.get(TOKEN_HASH, String.class).orElse(null), s.get(AGENT, UUID.class).orElse(null))) {
                    s.close(io.micronaut.websocket.CloseReason.POLICY_VIOLATION);
                }
            }
        }
    }

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onMessage(MessageCreated event) {
        message(event.storeId(), event.message());
    }

    /** Pushes a committed message to the store's sessions on this node. */
    void message(UUID storeId, MessageView message) {
        send(storeId, new InboxEvent("message", message, null));
    }

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onChanged(ConversationChanged event) {
        changed(event.conversationId());
    }

    /** In the changing transaction: the other nodes refresh the row at commit (one notification per conversation and transaction). */
    @io.micronaut.runtime.event.annotation.EventListener
    void onChangedInTransaction(ConversationChanged event) {
        bus.announce(ClusterRelay.CONVERSATION, event.conversationId());
    }

    /** The conversation's inbox row changed: pushed to this node's sessions of its store within {@value #COALESCE_MS} ms. */
    void changed(UUID conversationId) {
        if (!byStore.isEmpty()) {
            changed.add(conversationId);
        }
    }

    /** @return whether an agent of the store is connected to this node */
    boolean watching(UUID storeId) {
        return byStore.containsKey(storeId);
    }

    /** After a gap in the cluster's events: {@code {"type":"ready"}} to every session, which re-reads its inbox. */
    void resync() {
        byStore.keySet().forEach(store -> send(store, AgentSocket.READY));
    }

    /** Closes every session with 1001 (going away): each dashboard reconnects to a node that stays. */
    int closeAll() {
        int n = 0;
        for (Set<WebSocketSession> set : byStore.values()) {
            for (WebSocketSession s : set) {
                if (s.isOpen()) {
                    s.close(io.micronaut.websocket.CloseReason.GOING_AWAY);
                    n++;
                }
            }
        }
        return n;
    }

    private void flush() {
        if (changed.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(changed);
        changed.removeAll(ids);
        try {
            for (UUID id : ids) {
                transactions.executeRead(status -> lookup.find(id).filter(c -> byStore.containsKey(c.storeId()))
                        .map(c -> new Row(c.storeId(), inbox.summaries(c.storeId(), List.of(id)).get(id))))
                        .filter(r -> r.row() != null)
                        .ifPresent(r -> send(r.storeId(), new InboxEvent("conversation", null, r.row())));
            }
        } catch (RuntimeException e) {
            LOG.warn("Inbox events could not be read: {}", e.toString());
        }
    }

    private record Row(UUID storeId, ConversationSummary row) {
    }

    /**
     * A shopper's activity in a conversation: {@code {"type":"typing"|"read","by":"customer","conversationId":…,"at":…}}
     * to the store's agents (live only; nothing is stored).
     */
    void shopperActivity(UUID storeId, UUID conversationId, String type) {
        shopperActivityHere(storeId, conversationId, type);
        bus.announce("typing".equals(type) ? ClusterRelay.CUSTOMER_TYPING : ClusterRelay.CUSTOMER_READ, storeId, conversationId);
    }

    void shopperActivityHere(UUID storeId, UUID conversationId, String type) {
        send(storeId, java.util.Map.of("type", type, "by", "customer", "conversationId", conversationId.toString(),
                "at", java.time.Instant.now().toString()));
    }

    private void send(UUID storeId, Object event) {
        Set<WebSocketSession> sessions = byStore.get(storeId);
        if (sessions == null) {
            return;
        }
        for (WebSocketSession s : sessions) {
            if (s.isOpen()) {
                s.sendAsync(event);
            }
        }
    }

    @PreDestroy
    void stop() {
        flusher.shutdownNow();
    }

    /**
     * @param type         {@code message} or {@code conversation}
     * @param message      the new message, for {@code message}
     * @param conversation the conversation's inbox row, for {@code conversation}
     */
    @Serdeable
    public record InboxEvent(String type, @Nullable MessageView message, @Nullable ConversationSummary conversation) {
    }
}
