package dev.handoff.app.ingest;

import dev.handoff.app.mailbox.ChannelAccount;
import dev.handoff.app.mailbox.ChannelAccounts;
import dev.handoff.app.mailbox.Mailboxes;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.InboundMessage;
import dev.handoff.channels.spi.Mailbox;
import io.micronaut.context.annotation.Requires;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every connected mailbox in sync: one loop per account reads a page of new messages, stores
 * them and the cursor after them in one transaction (so the cursor never passes a message that is
 * not stored, and a crash re-reads at most one page, which deduplication absorbs), then waits for
 * new mail (IMAP IDLE, or the poll interval). A refused credential marks the account
 * {@code needs_reauth} (admins notified) and ends its loop; other failures mark it {@code error} and
 * retry with exponential backoff up to 5 minutes.
 * <p>
 * {@code handoff.mail.sync} (default on), {@code handoff.mail.poll-interval} (30 s),
 * {@code handoff.mail.batch-size} (100 messages a transaction).
 */
@Singleton
@Requires(property = "handoff.mail.sync", notEquals = "false")
public class MailboxSync {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxSync.class);

    private final ChannelAccounts accounts;
    private final Mailboxes mailboxes;
    private final EmailIngest ingest;
    private final TransactionOperations<Connection> transactions;
    private final Duration pollInterval;
    private final int batchSize;
    private final Map<UUID, Thread> loops = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    MailboxSync(ChannelAccounts accounts, Mailboxes mailboxes, EmailIngest ingest, TransactionOperations<Connection> transactions,
                @Value("${handoff.mail.poll-interval:30s}") Duration pollInterval, @Value("${handoff.mail.batch-size:100}") int batchSize) {
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.ingest = ingest;
        this.transactions = transactions;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        transactions.executeRead(status -> accounts.syncable()).forEach(a -> start(a.id()));
    }

    @TransactionalEventListener
    void onAccountChanged(ChannelAccounts.AccountChanged event) {
        restart(event.accountId());
    }

    /** Stops the account's loop, forgets its adapter, and starts a new loop when the account is still there to sync. */
    synchronized void restart(UUID accountId) {
        Thread old = loops.remove(accountId);
        if (old != null) {
            old.interrupt();
        }
        mailboxes.evict(accountId);
        Optional<ChannelAccount> account = transactions.executeRead(status -> accounts.find(accountId));
        if (account.isPresent() && !ChannelAccount.NEEDS_REAUTH.equals(account.get().status())) {
            start(accountId);
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
                boolean more = syncPage(account, mailbox);
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

    /** @return whether more messages are waiting */
    private boolean syncPage(ChannelAccount account, Mailbox mailbox) {
        Mailbox.SyncPage page = mailbox.fetch(account.syncCursor(), batchSize);
        transactions.executeWrite(status -> {
            for (InboundMessage m : page.messages()) {
                ingest.receive(account, m);
            }
            accounts.advance(account.id(), page.cursor());
            return null;
        });
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

    @PreDestroy
    void stop() {
        stopped = true;
        loops.values().forEach(Thread::interrupt);
        loops.clear();
    }
}
