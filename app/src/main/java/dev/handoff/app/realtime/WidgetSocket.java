package dev.handoff.app.realtime;

import dev.handoff.app.conversation.ConversationService;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

import java.util.UUID;

/**
 * {@code /ws/widget/conversations/{id}?token=<visitorToken>}: pushes every new message of the
 * conversation to the shopper's widget. {@link WidgetSocketGuard} refuses the upgrade with 401/404
 * for a missing or wrong token; the check is repeated here. Once the session is registered the
 * server sends {@code {"type":"ready"}}: from then on no message is missed, so a client re-reads the
 * thread over HTTP at that point to fill any gap (first connect or reconnect).
 */
@ServerWebSocket("/ws/widget/conversations/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
class WidgetSocket {

    private static final String CONVERSATION = "conversationId";

    private final ConversationService conversations;
    private final WidgetSessions sessions;

    WidgetSocket(ConversationService conversations, WidgetSessions sessions) {
        this.conversations = conversations;
        this.sessions = sessions;
    }

    @OnOpen
    void open(String id, WebSocketSession session, HttpRequest<?> request) {
        try {
            UUID conversationId = UUID.fromString(id);
            conversations.requireVisitorConversation(conversationId, request.getParameters().get("token"));
            session.put(CONVERSATION, conversationId);
            sessions.add(conversationId, session);
            session.sendAsync(WidgetSessions.READY);
        } catch (RuntimeException e) {
            session.close(CloseReason.POLICY_VIOLATION);
        }
    }

    @OnMessage
    void message(String text, WebSocketSession session) {
        // The widget sends nothing but keep-alive pings; messages are posted over HTTP.
    }

    @OnClose
    void close(WebSocketSession session) {
        session.get(CONVERSATION, UUID.class).ifPresent(id -> sessions.remove(id, session));
    }
}
