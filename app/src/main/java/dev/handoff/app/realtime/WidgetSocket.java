package dev.handoff.app.realtime;

import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.platform.PublicCors;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.cors.CrossOrigin;
import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.security.RateLimit;
import dev.handoff.app.security.RateLimiter;
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
 * thread over HTTP at that point to fill any gap (first connect or reconnect). Typing and read
 * receipts travel both ways over it ({@link WidgetSessions}, {@link AgentSessions}).
 */
@CrossOrigin(allowedOriginsRegex = PublicCors.ANY_ORIGIN, allowedMethods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS},
        allowedHeaders = {PublicCors.CONTENT_TYPE, PublicCors.VISITOR_TOKEN, PublicCors.IDEMPOTENCY_KEY})
@ServerWebSocket("/ws/widget/conversations/{id}")
@Access(AccessLevel.PUBLIC)
@RateLimit(value = "widget-sockets", key = "id")
@ExecuteOn(TaskExecutors.BLOCKING)
class WidgetSocket {

    private static final String CONVERSATION = "conversationId";
    private static final String STORE = "storeId";

    private final ConversationLookup lookup;
    private final RateLimiter limiter;
    private final WidgetSessions sessions;
    private final AgentSessions agents;

    private final io.micronaut.json.JsonMapper json;

    WidgetSocket(ConversationLookup lookup, WidgetSessions sessions, AgentSessions agents, io.micronaut.json.JsonMapper json,
                 RateLimiter limiter) {
        this.limiter = limiter;
        this.json = json;
        this.lookup = lookup;
        this.sessions = sessions;
        this.agents = agents;
    }

    @OnOpen
    void open(String id, WebSocketSession session, HttpRequest<?> request) {
        try {
            UUID conversationId = UUID.fromString(id);
            UUID store = lookup.requireVisitorConversation(conversationId, request.getParameters().get("token")).storeId();
            limiter.consume("widget-sockets", "per-store", store.toString());
            session.put(CONVERSATION, conversationId);
            session.put(STORE, store);
            sessions.add(conversationId, session);
            session.sendAsync(WidgetSessions.READY);
        } catch (RateLimiter.RateLimitedException e) {
            session.close(CloseReason.TRY_AGAIN_LATER);
        } catch (RuntimeException e) {
            session.close(CloseReason.POLICY_VIOLATION);
        }
    }

    /**
     * The widget sends keep-alive pings, {@code {"type":"typing"}} while the shopper types and
     * {@code {"type":"read"}} when the shopper has seen the thread; both go to the store's agents.
     * Messages themselves are posted over HTTP.
     */
    @OnMessage
    void message(String text, WebSocketSession session) {
        ClientEvent.parse(json, text).map(ClientEvent::type).filter(t -> t.equals("typing") || t.equals("read"))
                .ifPresent(type -> session.get(STORE, UUID.class).ifPresent(store -> session.get(CONVERSATION, UUID.class)
                        .ifPresent(id -> agents.shopperActivity(store, id, type))));
    }

    @OnClose
    void close(WebSocketSession session) {
        session.get(CONVERSATION, UUID.class).ifPresent(id -> sessions.remove(id, session));
    }
}
