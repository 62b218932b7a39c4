package dev.handoff.app.drafts;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.conversation.Attachments;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.EmailMessages;
import dev.handoff.app.conversation.MessageAppender;
import dev.handoff.app.conversation.EmailRecord;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.mailbox.ChannelAccount;
import dev.handoff.app.mailbox.ChannelAccounts;
import dev.handoff.app.mailbox.Mailboxes;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.store.StoreService;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.Mailbox;
import dev.handoff.channels.spi.OutboundEmail;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends replies on email conversations through the conversation's mailbox, threaded: In-Reply-To the
 * shopper's latest email, References its chain plus it (RFC 5322 §3.6.4), the provider's thread, and a
 * Message-ID of our own so the shopper's answer threads back. Each reply gets an outbound
 * {@link EmailRecord} ({@code queued}) and a durable {@code send-email} job in the transaction that
 * stored it; a failed attempt is retried with backoff up to {@link #MAX_ATTEMPTS} times, then marked
 * {@code failed} with the error, which agents see on the message. Also keeps the copy of each draft in
 * the mailbox's Drafts in step ({@code sync-provider-draft}).
 */
@Singleton
public class EmailDelivery {

    static final String SEND_TASK = "send-email";
    static final String DRAFT_TASK = "sync-provider-draft";
    static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EmailDelivery.class);

    private final ConversationLookup lookup;
    private final Contacts contacts;
    private final Attachments attachments;
    private final MessageAppender appender;
    private final EmailMessages emailMessages;
    private final ChannelAccounts accounts;
    private final Mailboxes mailboxes;
    private final StoreService stores;
    private final DraftRepository drafts;
    private final JobScheduler jobs;
    private final OneTimeTask<String> sendTask;
    private final OneTimeTask<String> draftTask;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<UUID, Object> draftLocks = new java.util.concurrent.ConcurrentHashMap<>();

    EmailDelivery(ConversationLookup lookup, Contacts contacts, Attachments attachments, MessageAppender appender, EmailMessages emailMessages,
                  ChannelAccounts accounts, Mailboxes mailboxes, StoreService stores,
                  DraftRepository drafts, JobScheduler jobs, @Named(SEND_TASK) OneTimeTask<String> sendTask,
                  @Named(DRAFT_TASK) OneTimeTask<String> draftTask, TransactionOperations<Connection> transactions, Clock clock) {
        this.lookup = lookup;
        this.contacts = contacts;
        this.attachments = attachments;
        this.appender = appender;
        this.emailMessages = emailMessages;
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.stores = stores;
        this.drafts = drafts;
        this.jobs = jobs;
        this.sendTask = sendTask;
        this.draftTask = draftTask;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @return whether a conversation's replies go out by email */
    static boolean isEmail(Conversation c) {
        return !"widget".equals(c.channel());
    }

    /** An agent's reply on an email conversation is sent by email (in the transaction that stored it). */
    @EventListener
    void onMessage(MessageCreated event) {
        if (event.message().author() != Author.agent) {
            return;
        }
        lookup.find(event.message().conversationId()).filter(EmailDelivery::isEmail)
                .ifPresent(c -> queue(c, event.message().id()));
    }

    /**
     * Sends the shopper a message the system writes (the satisfaction survey link) on an email
     * conversation: stored as a system message of the thread and delivered like a reply, in the caller's
     * transaction. Does nothing on the widget.
     */
    public void sendSystemEmail(Conversation conversation, String text) {
        if (isEmail(conversation) && contacts.contactOf(conversation).email() != null) {
            queue(conversation, appender.append(conversation, dev.handoff.app.conversation.NewMessage.system(text)).message().id());
        }
    }

    /** Records the outbound email of a stored message and schedules its delivery, in the caller's transaction. */
    void queue(Conversation conversation, UUID messageId) {
        Optional<EmailRecord> answered = emailMessages.lastInboundEmail(conversation.id());
        UUID accountId = answered.map(EmailRecord::accountId).orElse(null);
        String domain = Optional.ofNullable(accountId).flatMap(accounts::find).map(a -> domainOf(a.email())).orElse("handoff.invalid");
        String rfcId = UUID.randomUUID() + "@" + domain;
        String to = contacts.contactOf(conversation).email();
        emailMessages.saveEmailRecord(new EmailRecord(messageId, conversation.storeId(), conversation.id(), accountId, EmailRecord.OUTBOUND,
                rfcId, rfcId, null, answered.map(EmailRecord::providerThreadId).orElse(null), answered.map(EmailRecord::subject).orElse(null),
                answered.map(EmailRecord::rfcMessageId).orElse(""), String.join(" ", chain(answered)), null, to == null ? "" : to, "", false,
                null, null, "queued", null, 0, clock.instant()));
        jobs.enqueueAt(sendTask, messageId.toString(), messageId.toString(), Instant.now());
    }

    /** @return the domain of a mailbox's address: the right-hand side of the Message-IDs we make */
    private static String domainOf(String address) {
        return address.substring(address.indexOf('@') + 1);
    }

    /** @return the References of a reply to {@code answered}: its References, then its Message-ID */
    private static List<String> chain(Optional<EmailRecord> answered) {
        List<String> refs = new ArrayList<>(answered.map(EmailRecord::references).orElse(List.of()));
        answered.map(EmailRecord::rfcMessageId).ifPresent(refs::add);
        return refs;
    }

    /** The {@code send-email} job: one delivery attempt. */
    void send(UUID messageId) {
        // a write transaction: a reply that cannot go out (no mailbox, no address) is marked failed with the reason here
        Prepared p = transactions.executeWrite(status -> prepare(messageId));
        if (p == null) {
            return;
        }
        try {
            Mailbox.Sent sent = mailboxes.of(p.account()).send(p.email(), p.providerDraftId());
            transactions.executeWrite(status -> {
                emailMessages.recordDelivery(messageId, "sent", sent.providerId(), sent.messageId(), null);
                drafts.markSent(messageId, clock.instant());
                return null;
            });
        } catch (RuntimeException e) {
            ChannelException.Kind kind = e instanceof ChannelException c ? c.kind() : ChannelException.Kind.INVALID;
            if (kind == ChannelException.Kind.NEEDS_REAUTH) {
                transactions.executeWrite(status -> {
                    accounts.needsReauth(p.account(), e.getMessage());
                    return null;
                });
            }
            boolean last = p.attempts() + 1 >= MAX_ATTEMPTS || kind == ChannelException.Kind.INVALID;
            transactions.executeWrite(status -> {
                emailMessages.recordDelivery(messageId, last ? "failed" : "queued", null, null, e.getMessage());
                return null;
            });
            if (!last) {
                throw e; // the job's failure handler retries with backoff
            }
            LOG.warn("Reply {} could not be sent: {}", messageId, e.getMessage());
        }
    }

    private record Prepared(ChannelAccount account, OutboundEmail email, @Nullable String providerDraftId, int attempts) {
    }

    private Prepared prepare(UUID messageId) {
        Optional<EmailRecord> record = emailMessages.emailOf(messageId);
        if (record.isEmpty() || !"queued".equals(record.get().deliveryStatus())) {
            return null;
        }
        EmailRecord r = record.get();
        Conversation c = lookup.find(r.conversationId()).orElseThrow();
        Optional<ChannelAccount> account = Optional.ofNullable(r.accountId()).flatMap(accounts::find);
        Contact contact = contacts.contactOf(c);
        if (account.isEmpty() || contact.email() == null) {
            emailMessages.recordDelivery(messageId, "failed", null, null,
                    account.isEmpty() ? "The mailbox this conversation came through is no longer connected" : "The shopper has no email address");
            return null;
        }
        String text = lookup.findMessage(messageId).orElseThrow().bodyText();
        Optional<EmailRecord> answered = emailMessages.lastInboundEmail(c.id());
        List<OutboundEmail.File> files = attachments.ofMessage(messageId).stream()
                .map(a -> new OutboundEmail.File(a.filename() == null ? "attachment" : a.filename(), a.contentType(), a.contentId(), a.content()))
                .toList();
        OutboundEmail email = new OutboundEmail(stores.nameOf(c.storeId()), contact.email(), r.subject(), text, r.rfcMessageId(),
                r.inReplyTo().isBlank() ? null : r.inReplyTo(), r.references(), r.providerThreadId(),
                answered.map(EmailRecord::providerId).orElse(null), files);
        String providerDraft = drafts.findBySentMessageId(messageId).map(Draft::providerDraftId).orElse(null);
        return new Prepared(account.get(), email, providerDraft, r.deliveryAttempts());
    }

    /** Schedules the provider copy of a draft to be brought in step, in the caller's transaction. */
    void syncProviderDraft(UUID draftId) {
        jobs.enqueueAt(draftTask, draftId + "@" + System.nanoTime(), draftId.toString(), Instant.now());
    }

    /**
     * The {@code sync-provider-draft} job: a pending draft gets a fresh copy in the mailbox's Drafts
     * (replacing an older one); a discarded one loses its copy. Approved drafts are left to {@link #send}.
     */
    void reconcile(UUID draftId) {
        Object lock = draftLocks.computeIfAbsent(draftId, id -> new Object());
        try {
            synchronized (lock) {
                reconcileNow(draftId);
            }
        } finally {
            draftLocks.remove(draftId, lock);
        }
    }

    private void reconcileNow(UUID draftId) {
        Optional<Draft> found = transactions.executeRead(status -> drafts.findById(draftId));
        if (found.isEmpty() || Draft.APPROVED.equals(found.get().status()) || Draft.SENT.equals(found.get().status())) {
            return;
        }
        Draft d = found.get();
        Prepared p = transactions.executeRead(status -> prepareDraft(d));
        if (p == null) {
            return;
        }
        Mailbox mailbox = mailboxes.of(p.account());
        try {
            if (d.providerDraftId() != null) {
                mailbox.deleteDraft(d.providerDraftId());
            }
            String saved = Draft.PENDING.equals(d.status()) ? mailbox.saveDraft(p.email()) : null;
            transactions.executeWrite(status -> {
                // locked: an approval committing now would otherwise send with the copy it never saw
                Draft now = drafts.lock(draftId).orElseThrow();
                if (!Draft.PENDING.equals(now.status()) && saved != null) {
                    mailbox.deleteDraft(saved); // approved or discarded meanwhile: sending does without this copy
                    drafts.setProviderDraft(draftId, null, null);
                } else {
                    drafts.setProviderDraft(draftId, saved, null);
                }
                return null;
            });
        } catch (ChannelException e) {
            transactions.executeWrite(status -> {
                drafts.setProviderDraft(draftId, d.providerDraftId(), "Saving the copy in the mailbox's Drafts failed: " + e.getMessage());
                if (e.kind() == ChannelException.Kind.NEEDS_REAUTH) {
                    accounts.needsReauth(p.account(), e.getMessage());
                }
                return null;
            });
            if (e.kind() == ChannelException.Kind.UNAVAILABLE) {
                throw e;
            }
        }
    }

    private Prepared prepareDraft(Draft d) {
        Conversation c = lookup.find(d.conversationId()).orElse(null);
        if (c == null) {
            return null;
        }
        Optional<EmailRecord> answered = emailMessages.lastInboundEmail(c.id());
        Optional<ChannelAccount> account = answered.map(EmailRecord::accountId).flatMap(accounts::find);
        Contact contact = contacts.contactOf(c);
        if (account.isEmpty() || contact.email() == null) {
            return null;
        }
        String domain = domainOf(account.get().email());
        OutboundEmail email = new OutboundEmail(stores.nameOf(c.storeId()), contact.email(), answered.get().subject(), d.body(),
                "draft-" + d.id() + "-" + d.updatedAt().toEpochMilli() + "@" + domain, answered.get().rfcMessageId(), chain(answered),
                answered.get().providerThreadId(), answered.get().providerId());
        return new Prepared(account.get(), email, d.providerDraftId(), 0);
    }

    /** The durable jobs. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(SEND_TASK)
        OneTimeTask<String> sendEmailTask(Provider<EmailDelivery> delivery, @Value("${handoff.mail.retry-delay:5s}") Duration retryDelay) {
            return Tasks.oneTime(SEND_TASK, String.class)
                    .onFailure(JobScheduler.retryForever(retryDelay, Duration.ofMinutes(10)))
                    .execute((instance, context) -> delivery.get().send(UUID.fromString(instance.getData())));
        }

        @Singleton
        @Named(DRAFT_TASK)
        OneTimeTask<String> syncProviderDraftTask(Provider<EmailDelivery> delivery, @Value("${handoff.mail.retry-delay:5s}") Duration retryDelay) {
            return Tasks.oneTime(DRAFT_TASK, String.class)
                    .onFailure(new com.github.kagkarlsson.scheduler.task.FailureHandler.MaxRetriesFailureHandler<>(MAX_ATTEMPTS,
                            JobScheduler.retryForever(retryDelay, Duration.ofMinutes(10))))
                    .execute((instance, context) -> delivery.get().reconcile(UUID.fromString(instance.getData())));
        }
    }
}
