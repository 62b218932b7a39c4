package dev.handoff.app.cluster;

import java.util.Set;

/**
 * A bean that acts on what other nodes announce through the {@link ClusterBus}: it pushes to its own
 * WebSocket clients, or forgets what it cached. Called on the bus's listening thread, in the order the
 * announcing transactions committed; an implementation returns quickly (hand slow work to a pool).
 */
public interface ClusterListener {

    /** @return the event kinds this listener takes, e.g. {@code message}, {@code settings} */
    Set<String> kinds();

    /** Another node committed (or, for live-only kinds, sent) {@code event}. */
    void onClusterEvent(ClusterEvent event);

    /**
     * The bus was out of touch with the other nodes (its connection dropped) and is back; durable
     * events it missed have been replayed, live-only ones are gone. Caches forget everything here.
     */
    default void onResync() {
    }
}
