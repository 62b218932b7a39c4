package dev.handoff.app.cluster;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;

/**
 * Whether this node is one of several sharing a PostgreSQL and an Elasticsearch cluster, and its
 * identity among them.
 * <p>
 * {@code handoff.cluster.enabled} ({@code HANDOFF_CLUSTER}, default off); {@code handoff.cluster.node-name}
 * ({@code HANDOFF_NODE_NAME}, default the host name), made unique per process with a random suffix so a
 * restarted node never mistakes another process's leases for its own; {@code handoff.mail.lease-ttl}
 * (default 30 s) and {@code handoff.mail.lease-renew} (default 10 s) for the mailbox leases.
 */
@Singleton
public class ClusterSettings {

    private final boolean enabled;
    private final String nodeId;
    private final Duration leaseTtl;
    private final Duration leaseRenew;

    ClusterSettings(@Value("${handoff.cluster.enabled:false}") boolean enabled,
                    @Value("${handoff.cluster.node-name:}") String nodeName,
                    @Value("${handoff.mail.lease-ttl:30s}") Duration leaseTtl,
                    @Value("${handoff.mail.lease-renew:10s}") Duration leaseRenew) {
        this.enabled = enabled;
        String base = nodeName == null || nodeName.isBlank() ? hostName() : nodeName.strip();
        this.nodeId = base + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.leaseTtl = leaseTtl;
        this.leaseRenew = leaseRenew;
        if (leaseRenew.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("handoff.mail.lease-renew (" + leaseRenew + ") must be shorter than handoff.mail.lease-ttl (" + leaseTtl + ")");
        }
    }

    /** @return whether cluster mode is on ({@code HANDOFF_CLUSTER=true}) */
    public boolean enabled() {
        return enabled;
    }

    /** @return this process's id among the nodes, e.g. {@code handoff-1-3f9a0c12} */
    public String nodeId() {
        return nodeId;
    }

    /** @return how long a mailbox lease lasts unless renewed; another node takes an expired lease over */
    public Duration leaseTtl() {
        return leaseTtl;
    }

    /** @return how often the holder renews its leases and every node looks for expired ones */
    public Duration leaseRenew() {
        return leaseRenew;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "node";
        }
    }
}
