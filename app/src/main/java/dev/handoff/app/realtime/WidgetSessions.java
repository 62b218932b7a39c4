package dev.handoff.app.realtime;

import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.ShopperMessageView;
import dev.handoff.app.conversation.ShopperMessages;
import dev.handoff.app.cluster.ClusterBus;
import dev.handoff.app.conversation.MessageView;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.websocket.CloseReason;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open widget WebSocket sessions of this node, by conversation. Every message committed to a
 * conversation is pushed to its sessions as {@code {"type":"message","message":{...}}}; an agent's
 * typing and reading as {@code {"type":"typing","by":"agent"}} and {@code {"type":"read","by":"agent","at":…}}.
 * In cluster mode the same events reach the sessions on the other nodes through {@link ClusterRelay}.
 */
@Singleton
public class WidgetSessions {

    /** Sent once a session is registered. */
    static final Map<String, String> READY = Map.of("type", "ready");

    private final Map<UUID, Set<WebSocketSession>> byConversation = new ConcurrentHashMap<>();
    private final ShopperMessages shopperMessages;
    private final ClusterBus bus;

    WidgetSessions(ShopperMessages shopperMessages, ClusterBus bus) {
        this.shopperMessages = shopperMessages;
        this.bus = bus;
    }

    void add(UUID conversationId, WebSocketSession session) {
        byConversation.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void remove(UUID conversationId, WebSocketSession session) {
        byConversation.computeIfPresent(conversationId, (id, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onMessage(MessageCreated event) {
        message(event.message());
    }

    /** Pushes a committed message to the conversation's sessions on this node. */
    void message(MessageView message) {
        if (byConversation.containsKey(message.conversationId())) {
            send(message.conversationId(), new WidgetEvent("message", shopperMessages.of(message)));
        }
    }

    /** An agent read the conversation: {@code {"type":"read","by":"agent","at":…}} to the shopper (a read receipt). */
    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onRead(dev.handoff.app.conversation.ConversationRead event) {
        agentRead(event.conversationId(), event.at());
    }

    /** In the marking transaction: the other nodes' sessions get the receipt at commit. */
    @EventListener
    void onReadInTransaction(dev.handoff.app.conversation.ConversationRead event) {
        bus.announce(ClusterRelay.AGENT_READ, event.conversationId());
    }

    void agentRead(UUID conversationId, Instant at) {
        send(conversationId, Map.of("type", "read", "by", "agent", "at", at.toString()));
    }

    /** An agent is typing in the conversation: {@code {"type":"typing","by":"agent"}} to the shopper, on every node. */
    void agentTyping(UUID conversationId) {
        agentTypingHere(conversationId);
        bus.announce(ClusterRelay.AGENT_TYPING, conversationId);
    }

    void agentTypingHere(UUID conversationId) {
        send(conversationId, Map.of("type", "typing", "by", "agent"));
    }

    /** @return whether a shopper of this conversation is connected to this node */
    boolean watching(UUID conversationId) {
        return byConversation.containsKey(conversationId);
    }

    /**
     * Closes every session with 1001 (going away), so each widget reconnects, through the load
     * balancer, to a node that stays, and re-reads its thread there.
     */
    int closeAll() {
        int n = 0;
        for (Set<WebSocketSession> set : byConversation.values()) {
            for (WebSocketSession s : set) {
                if (s.isOpen()) {
                    s.close(CloseReason.GOING_AWAY);
                    n++;
                }
            }
        }
        return n;
    }

    private void send(UUID conversationId, Object payload) {
        Set<WebSocketSession> sessions = byConversation.get(conversationId);
        if (sessions != null) {
            for (WebSocketSession s : sessions) {
                if (s.isOpen()) {
                    s.sendAsync(payload);
                }
            }
        }
    }

    /** @param type event type, {@code message} @param message the new message */
    @Serdeable
    public record WidgetEvent(String type, ShopperMessageView message) {
    }
}
