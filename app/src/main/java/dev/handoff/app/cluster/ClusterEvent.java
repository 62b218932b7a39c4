package dev.handoff.app.cluster;

import java.util.List;
import java.util.UUID;

/**
 * What one node tells the others: a kind and ids, never content (each node reads what it needs).
 *
 * @param kind   e.g. {@code message} (ids: store, conversation, message), {@code settings} (ids: store)
 * @param ids    the ids, in the order the kind defines
 * @param origin the node that sent it ({@link ClusterSettings#nodeId()})
 */
public record ClusterEvent(String kind, List<String> ids, String origin) {

    /** @return the {@code i}-th id as a UUID @throws IllegalArgumentException when it is not one */
    public UUID uuid(int i) {
        return UUID.fromString(ids.get(i));
    }
}
