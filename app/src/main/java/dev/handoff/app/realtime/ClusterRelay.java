package dev.handoff.app.realtime;

import dev.handoff.app.cluster.ClusterBus;
import dev.handoff.app.cluster.ClusterEvent;
import dev.handoff.app.cluster.ClusterListener;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.ConversationViews;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.MessageView;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Carries the realtime events of one node to the WebSocket sessions of the others (cluster mode,
 * {@link ClusterBus}). A new message is a durable event ({@value #MESSAGE}: store, conversation,
 * message ids), replayed after a dropped connection, so a shopper or agent connected to another node
 * gets every message exactly once; a node reads the message only when one of its sessions watches the
 * conversation or store. Inbox rows ({@value #CONVERSATION}), typing and read receipts are live-only;
 * after a gap agents' dashboards are told to re-read ({@code {"type":"ready"}}). A logout or a member's
 * removal ({@value #SESSIONS_ENDED}: token hash, agent id) closes that agent's sockets on every node.
 */
@Singleton
class ClusterRelay implements ClusterListener, io.micronaut.runtime.graceful.GracefulShutdownCapable {

    static final String MESSAGE = "message";
    static final String CONVERSATION = "conversation";
    static final String CUSTOMER_TYPING = "typing.customer";
    static final String CUSTOMER_READ = "read.customer";
    static final String AGENT_TYPING = "typing.agent";
    static final String AGENT_READ = "read.agent";
    static final String SESSIONS_ENDED = "sessions.ended";

    private final ClusterBus bus;
    private final WidgetSessions widgets;
    private final AgentSessions agents;
    private final ConversationLookup lookup;
    private final ConversationViews views;
    private final TransactionOperations<Connection> transactions;

    ClusterRelay(ClusterBus bus, WidgetSessions widgets, AgentSessions agents, ConversationLookup lookup, ConversationViews views,
                 TransactionOperations<Connection> transactions) {
        this.bus = bus;
        this.widgets = widgets;
        this.agents = agents;
        this.lookup = lookup;
        this.views = views;
        this.transactions = transactions;
    }

    /** In the storing transaction: logged and notified, so the other nodes get it exactly when it commits. */
    @EventListener
    void onMessageInTransaction(MessageCreated event) {
        bus.publish(MESSAGE, event.storeId(), event.message().conversationId(), event.message().id());
    }

    @Override
    public Set<String> kinds() {
        return Set.of(MESSAGE, CONVERSATION, CUSTOMER_TYPING, CUSTOMER_READ, AGENT_TYPING, AGENT_READ, SESSIONS_ENDED);
    }

    @Override
    public void onClusterEvent(ClusterEvent event) {
        switch (event.kind()) {
            case MESSAGE -> {
                UUID store = event.uuid(0);
                UUID conversation = event.uuid(1);
                boolean shopper = widgets.watching(conversation);
                boolean agent = agents.watching(store);
                if (shopper || agent) {
                    Optional<MessageView> view = transactions.executeRead(status ->
                            lookup.findMessage(event.uuid(2)).map(views::viewWithAttachments));
                    view.ifPresent(m -> {
                        if (shopper) {
                            widgets.message(m);
                        }
                        if (agent) {
                            agents.message(store, m);
                        }
                    });
                }
            }
            case CONVERSATION -> agents.changed(event.uuid(0));
            case CUSTOMER_TYPING -> agents.shopperActivityHere(event.uuid(0), event.uuid(1), "typing");
            case CUSTOMER_READ -> agents.shopperActivityHere(event.uuid(0), event.uuid(1), "read");
            case AGENT_TYPING -> widgets.agentTypingHere(event.uuid(0));
            case AGENT_READ -> widgets.agentRead(event.uuid(0), Instant.now());
            case SESSIONS_ENDED -> agents.closeEnded(new dev.handoff.app.security.SessionsEnded(
                    "-".equals(event.ids().get(0)) ? null : event.ids().get(0), "-".equals(event.ids().get(1)) ? null : event.uuid(1)));
            default -> {
            }
        }
    }

    @Override
    public void onResync() {
        agents.resync();
    }

    /**
     * Graceful shutdown drains this node's sockets: each widget and dashboard is closed with 1001 (going
     * away), reconnects through the load balancer to a node that stays, and re-reads there.
     */
    @Override
    public java.util.concurrent.CompletionStage<?> shutdownGracefully() {
        int closed = widgets.closeAll() + agents.closeAll();
        if (closed > 0) {
            org.slf4j.LoggerFactory.getLogger(ClusterRelay.class).info("Closed {} WebSocket sessions for shutdown", closed);
        }
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
}
