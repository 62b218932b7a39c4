package dev.handoff.app.realtime;

import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.ShopperMessageView;
import dev.handoff.app.conversation.ShopperMessages;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open widget WebSocket sessions of this node, by conversation. Every message committed to a
 * conversation is pushed to its sessions as {@code {"type":"message","message":{...}}}; an agent's
 * typing and reading as {@code {"type":"typing","by":"agent"}} and {@code {"type":"read","by":"agent","at":…}}.
 * (Across several app nodes the same events would be fanned out through PostgreSQL LISTEN/NOTIFY.)
 */
@Singleton
public class WidgetSessions {

    /** Sent once a session is registered. */
    static final Map<String, String> READY = Map.of("type", "ready");

    private final Map<UUID, Set<WebSocketSession>> byConversation = new ConcurrentHashMap<>();
    private final ShopperMessages shopperMessages;

    WidgetSessions(ShopperMessages shopperMessages) {
        this.shopperMessages = shopperMessages;
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
        if (byConversation.containsKey(event.message().conversationId())) {
            send(event.message().conversationId(), new WidgetEvent("message", shopperMessages.of(event.message())));
        }
    }

    /** An agent read the conversation: {@code {"type":"read","by":"agent","at":…}} to the shopper (a read receipt). */
    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onRead(dev.handoff.app.conversation.ConversationRead event) {
        send(event.conversationId(), Map.of("type", "read", "by", "agent", "at", event.at().toString()));
    }

    /** An agent is typing in the conversation: {@code {"type":"typing","by":"agent"}} to the shopper. */
    void agentTyping(UUID conversationId) {
        send(conversationId, Map.of("type", "typing", "by", "agent"));
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
