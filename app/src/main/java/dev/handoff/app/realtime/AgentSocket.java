package dev.handoff.app.realtime;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.security.RateLimit;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.security.Tokens;
import dev.handoff.app.security.AuthService;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

import java.util.Map;
import java.util.UUID;

/**
 * {@code /ws/agent/stores/{storeId}?token=<session token>}: the live inbox of a store for the dashboard
 * ({@link AgentSessions}). {@code AccessFilter} refuses the upgrade with a 401 problem for a
 * missing or expired session and 404 for a store the agent may not see; the check is repeated here.
 * Logging out or being removed from a store closes the socket (code 1008).
 * Once registered the server sends {@code {"type":"ready"}}; a client re-reads the inbox over HTTP then
 * to fill any gap (first connect or reconnect).
 */
@ServerWebSocket("/ws/agent/stores/{storeId}")
@Access(AccessLevel.STORE_AGENT)
@RateLimit("agent-sockets")
@ExecuteOn(TaskExecutors.BLOCKING)
class AgentSocket {

    private static final String STORE = "storeId";
    static final Map<String, String> READY = Map.of("type", "ready");

    private final AuthService auth;
    private final StoreService stores;
    private final AgentSessions sessions;
    private final WidgetSessions widgets;
    private final dev.handoff.app.conversation.ConversationLookup conversations;

    private final io.micronaut.json.JsonMapper json;

    AgentSocket(AuthService auth, StoreService stores, AgentSessions sessions, WidgetSessions widgets,
                dev.handoff.app.conversation.ConversationLookup conversations, io.micronaut.json.JsonMapper json) {
        this.json = json;
        this.auth = auth;
        this.stores = stores;
        this.sessions = sessions;
        this.widgets = widgets;
        this.conversations = conversations;
    }

    @OnOpen
    void open(String storeId, WebSocketSession session, HttpRequest<?> request) {
        try {
            UUID store = UUID.fromString(storeId);
            String token = request.getParameters().get("token");
            AgentPrincipal agent = auth.authenticate(token == null ? "" : token).orElseThrow();
            stores.requireAccess(agent, store);
            session.put(STORE, store);
            session.put(AgentSessions.TOKEN_HASH, Tokens.hash(token));
            session.put(AgentSessions.AGENT, agent.id());
            sessions.add(store, session);
            session.sendAsync(READY);
        } catch (RuntimeException e) {
            session.close(CloseReason.POLICY_VIOLATION);
        }
    }

    /**
     * Keep-alive pings, and {@code {"type":"typing","conversationId":"…"}} while the agent types a reply,
     * passed on to the shopper's widget when the conversation is the store's. Replies and read marks go
     * over HTTP ({@code POST …/messages}, {@code POST …/read}).
     */
    @OnMessage
    void message(String text, WebSocketSession session) {
        ClientEvent.parse(json, text).filter(e -> "typing".equals(e.type())).flatMap(ClientEvent::conversation).ifPresent(conversation ->
                session.get(STORE, UUID.class).filter(store -> conversations.find(conversation).map(c -> c.storeId().equals(store)).orElse(false))
                        .ifPresent(store -> widgets.agentTyping(conversation)));
    }

    @OnClose
    void close(WebSocketSession session) {
        session.get(STORE, UUID.class).ifPresent(id -> sessions.remove(id, session));
    }
}
