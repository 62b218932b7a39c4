package dev.handoff.app.ingest;

import dev.handoff.app.mailbox.ChannelAccount;
import dev.handoff.app.mailbox.ChannelAccounts;
import dev.handoff.app.mailbox.Mailboxes;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.InboundMessage;
import dev.handoff.channels.spi.Mailbox;
import dev.handoff.app.cluster.ClusterBus;
import dev.handoff.app.cluster.ClusterEvent;
import dev.handoff.app.cluster.ClusterListener;
import dev.handoff.app.cluster.ClusterSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every connected mailbox in sync: one loop per account, on the one node holding the account's
 * lease ({@link MailboxLeases}; in cluster mode the nodes share the mailboxes, and only the holder opens
 * an IMAP IDLE connection). Every {@code handoff.mail.lease-renew} (10 s) the node renews its leases, stops
 * the loops whose lease it lost, and takes free or expired leases of mailboxes nobody syncs. The loop reads a page of new messages, stores
 * them and the cursor after them in one transaction (so the cursor never passes a message that is
 * not stored, and a crash re-reads at most one page, which deduplication absorbs), then waits for
 * new mail (IMAP IDLE, or the poll interval). A refused credential marks the account
 * {@code needs_reauth} (admins notified) and ends its loop; other failures mark it {@code error} and
 * retry with exponential backoff up to 5 minutes.
 * <p>
 * {@code handoff.mail.sync} (default on), {@code handoff.mail.poll-interval} (30 s),
 * {@code handoff.mail.batch-size} (100 messages a transaction). A change of an account on another node
 * ({@value #ACCOUNT} event) restarts its loop here. On shutdown the loops stop and the leases are released,
 * so another node takes the mailboxes over at its next look.
 */
@Singleton
@Requires(property = "handoff.mail.sync", notEquals = "false")
public class MailboxSync implements ClusterListener, GracefulShutdownCapable {

    static final String ACCOUNT = "account";

    private static final Logger LOG = LoggerFactory.getLogger(MailboxSync.class);

    private final ChannelAccounts accounts;
    private final Mailboxes mailboxes;
    private final EmailIngest ingest;
    private final TransactionOperations<Connection> transactions;
    private final Duration pollInterval;
    private final int batchSize;
    private final Map<UUID, Thread> loops = new ConcurrentHashMap<>();
    private final MailboxLeases leases;
    private final ClusterBus bus;
    private final ClusterSettings cluster;
    private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mail-leases");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;

    MailboxSync(ChannelAccounts accounts, Mailboxes mailboxes, EmailIngest ingest, TransactionOperations<Connection> transactions,
                MailboxLeases leases, ClusterBus bus, ClusterSettings cluster,
                @Value("${handoff.mail.poll-interval:30s}") Duration pollInterval, @Value("${handoff.mail.batch-size:100}") int batchSize) {
        this.leases = leases;
        this.bus = bus;
        this.cluster = cluster;
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.ingest = ingest;
        this.transactions = transactions;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        keep();
        long every = cluster.leaseRenew().toMillis();
        keeper.scheduleWithFixedDelay(this::keep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Renews this node's leases, stops loops whose lease was lost, and takes free mailboxes. */
    private void keep() {
        if (stopped) {
            return;
        }
        try {
            Set<UUID> running = Set.copyOf(loops.keySet());
            Set<UUID> held = leases.renew(running);
            for (UUID id : running) {
                if (!held.contains(id)) {
                    LOG.warn("Lost the lease of mailbox {} to another node; stopping its sync here", id);
                    stopLoop(id);
                }
            }
            for (ChannelAccount a : transactions.executeRead(status -> accounts.syncable())) {
                if (!loops.containsKey(a.id()) && leases.acquire(a.id())) {
                    LOG.info("Syncing mailbox {} on this node ({})", a.email(), cluster.nodeId());
                    start(a.id());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Mailbox leases could not be renewed or taken: {}", e.toString());
        }
    }

    /** In the changing transaction: the other nodes restart the account's loop at commit. */
    @EventListener
    void onAccountChangedInTransaction(ChannelAccounts.AccountChanged event) {
        bus.announce(ACCOUNT, event.accountId());
    }

    /** After commit, off the committing thread (whose transaction context is still bound). */
    @TransactionalEventListener
    void onAccountChanged(ChannelAccounts.AccountChanged event) {
        keeper.execute(() -> {
            try {
                restart(event.accountId());
            } catch (RuntimeException e) {
                LOG.warn("Mailbox {} could not be restarted: {}", event.accountId(), e.toString());
            }
        });
    }

    @Override
    public Set<String> kinds() {
        return Set.of(ACCOUNT);
    }

    @Override
    public void onClusterEvent(ClusterEvent event) {
        UUID id = event.uuid(0);
        boolean mine = loops.containsKey(id);
        stopLoop(id);
        mailboxes.evict(id);
        if (mine) {
            restart(id);
        }
    }

    /** Stops the account's loop, forgets its adapter, and starts a new loop when the account is still there to sync and this node gets its lease. */
    synchronized void restart(UUID accountId) {
        stopLoop(accountId);
        mailboxes.evict(accountId);
        Optional<ChannelAccount> account = transactions.executeRead(status -> accounts.find(accountId));
        if (account.isPresent() && !ChannelAccount.NEEDS_REAUTH.equals(account.get().status()) && leases.acquire(accountId)) {
            start(accountId);
        }
    }

    private void stopLoop(UUID accountId) {
        Thread old = loops.remove(accountId);
        if (old != null) {
            old.interrupt();
        }
    }

    private synchronized void start(UUID accountId) {
        if (stopped || loops.containsKey(accountId)) {
            return;
        }
        Thread t = new Thread(() -> loop(accountId), "mail-sync-" + accountId.toString().substring(0, 8));
        t.setDaemon(true);
        loops.put(accountId, t);
        t.start();
    }

    private void loop(UUID accountId) {
        long backoff = 1000;
        while (!stopped && loops.get(accountId) == Thread.currentThread()) {
            Optional<ChannelAccount> found = transactions.executeRead(status -> accounts.find(accountId));
            if (found.isEmpty() || ChannelAccount.NEEDS_REAUTH.equals(found.get().status())) {
                loops.remove(accountId, Thread.currentThread());
                return;
            }
            ChannelAccount account = found.get();
            try {
                Mailbox mailbox = mailboxes.of(account);
                Boolean more = syncPage(account, mailbox);
                if (more == null) {
                    LOG.warn("Mailbox {}: the lease passed to another node; stopping its sync here", account.email());
                    loops.remove(accountId, Thread.currentThread());
                    mailboxes.evict(accountId);
                    return;
                }
                backoff = 1000;
                if (!more) {
                    mailbox.awaitNew(pollInterval);
                }
            } catch (InterruptedException e) {
                return;
            } catch (ChannelException e) {
                if (e.kind() == ChannelException.Kind.NEEDS_REAUTH) {
                    LOG.warn("Mailbox {} needs re-authorisation: {}", account.email(), e.getMessage());
                    transactions.executeWrite(status -> {
                        accounts.needsReauth(account, e.getMessage());
                        return null;
                    });
                    mailboxes.evict(accountId);
                    loops.remove(accountId, Thread.currentThread());
                    return;
                }
                backoff = failed(account, e, backoff);
            } catch (RuntimeException e) {
                backoff = failed(account, e, backoff);
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** @return whether more messages are waiting; {@code null} when this node no longer holds the lease (nothing stored) */
    private Boolean syncPage(ChannelAccount account, Mailbox mailbox) {
        Mailbox.SyncPage page = mailbox.fetch(account.syncCursor(), batchSize);
        boolean held = transactions.executeWrite(status -> {
            if (!leases.holds(account.id())) {
                return false;
            }
            for (InboundMessage m : page.messages()) {
                ingest.receive(account, m);
            }
            accounts.advance(account.id(), page.cursor());
            return true;
        });
        if (!held) {
            return null;
        }
        if (!page.messages().isEmpty()) {
            LOG.debug("Mailbox {}: {} messages stored", account.email(), page.messages().size());
        }
        return page.more();
    }

    private long failed(ChannelAccount account, RuntimeException e, long backoff) {
        LOG.warn("Mailbox {} sync failed (retrying in {} ms): {}", account.email(), backoff, e.toString());
        try {
            transactions.executeWrite(status -> {
                accounts.failed(account.id(), e.getMessage() == null ? e.toString() : e.getMessage());
                return null;
            });
            Thread.sleep(backoff);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException db) {
            LOG.warn("Could not record the failure of mailbox {}: {}", account.email(), db.toString());
        }
        return Math.min(backoff * 2, Duration.ofMinutes(5).toMillis());
    }

    /** Graceful shutdown: stops the loops (a page being stored finishes its transaction), then releases the leases. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        return CompletableFuture.runAsync(this::stop);
    }

    @PreDestroy
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        keeper.shutdownNow();
        java.util.List<Thread> running = java.util.List.copyOf(loops.values());
        running.forEach(Thread::interrupt);
        loops.clear();
        for (Thread t : running) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            int released = leases.releaseAll();
            if (released > 0) {
                LOG.info("Released {} mailbox leases", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release the mailbox leases (they expire in {}): {}", cluster.leaseTtl(), e.toString());
        }
    }
}
