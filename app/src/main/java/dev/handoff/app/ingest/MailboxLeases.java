package dev.handoff.app.ingest;

import dev.handoff.app.cluster.ClusterSettings;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Who syncs which mailbox: a row per channel account in {@code mailbox_leases} naming the holding node
 * and when its lease expires. A node takes a lease that is free or expired in one statement (an upsert
 * guarded by the expiry, so two nodes never both win), renews its leases every
 * {@link ClusterSettings#leaseRenew()} for {@link ClusterSettings#leaseTtl()}, checks it still holds the
 * lease in the transaction that stores each page of mail (a node that stalled past its lease stores
 * nothing), and deletes its leases on shutdown. A node that dies keeps its leases until they expire;
 * then the next node to look takes them over: within TTL + renew interval (40 s by default).
 * <p>
 * On a single node (cluster mode off) a lease is taken whoever held it, so a restart syncs at once.
 */
@Singleton
class MailboxLeases {

    private final ClusterSettings cluster;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    MailboxLeases(ClusterSettings cluster, JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.cluster = cluster;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** @return whether this node holds the account's lease now (taken, or renewed when it already held it) */
    boolean acquire(UUID accountId) {
        return transactions.executeWrite(status -> jdbc.prepareStatement(
                "INSERT INTO mailbox_leases (account_id, holder, expires_at) VALUES (?, ?, now() + ? * interval '1 millisecond') "
                        + "ON CONFLICT (account_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, "
                        + "taken_at = CASE WHEN mailbox_leases.holder = EXCLUDED.holder THEN mailbox_leases.taken_at ELSE now() END "
                        + "WHERE mailbox_leases.holder = EXCLUDED.holder OR mailbox_leases.expires_at < now() OR ? "
                        + "RETURNING holder", s -> {
                    s.setObject(1, accountId);
                    s.setString(2, cluster.nodeId());
                    s.setLong(3, cluster.leaseTtl().toMillis());
                    s.setBoolean(4, !cluster.enabled());
                    try (ResultSet r = s.executeQuery()) {
                        return r.next();
                    }
                }));
    }

    /** Extends the leases this node holds among {@code accountIds}. @return the ones it still holds */
    Set<UUID> renew(Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return Set.of();
        }
        return transactions.executeWrite(status -> jdbc.prepareStatement(
                "UPDATE mailbox_leases SET expires_at = now() + ? * interval '1 millisecond' "
                        + "WHERE account_id = ANY (?) AND holder = ? RETURNING account_id", s -> {
                    s.setLong(1, cluster.leaseTtl().toMillis());
                    Array ids = s.getConnection().createArrayOf("uuid", accountIds.toArray());
                    s.setArray(2, ids);
                    s.setString(3, cluster.nodeId());
                    Set<UUID> held = new HashSet<>();
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            held.add(r.getObject(1, UUID.class));
                        }
                    }
                    return held;
                }));
    }

    /**
     * In the caller's transaction (required): whether this node holds an unexpired lease on the account,
     * locking the lease row against a takeover until the transaction ends.
     */
    boolean holds(UUID accountId) {
        return jdbc.prepareStatement("SELECT 1 FROM mailbox_leases WHERE account_id = ? AND holder = ? AND expires_at > now() FOR SHARE", s -> {
            s.setObject(1, accountId);
            s.setString(2, cluster.nodeId());
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        });
    }

    /** Gives up the account's lease when this node holds it (another node may take it at once). */
    void release(UUID accountId) {
        transactions.executeWrite(status -> jdbc.prepareStatement("DELETE FROM mailbox_leases WHERE account_id = ? AND holder = ?", s -> {
            s.setObject(1, accountId);
            s.setString(2, cluster.nodeId());
            return s.executeUpdate();
        }));
    }

    /** Gives up every lease of this node. @return how many */
    int releaseAll() {
        return transactions.executeWrite(status -> jdbc.prepareStatement("DELETE FROM mailbox_leases WHERE holder = ?", s -> {
            s.setString(1, cluster.nodeId());
            return s.executeUpdate();
        }));
    }
}
