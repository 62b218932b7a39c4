package dev.handoff.app.automation;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.security.OutboundAddresses;
import dev.handoff.app.tickets.TicketOpened;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.email.Email;
import io.micronaut.email.EmailSender;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Notifications to a store's team: by email (micronaut-email over SMTP: {@code HANDOFF_SMTP_HOST},
 * {@code HANDOFF_SMTP_PORT}, {@code HANDOFF_MAIL_FROM}) to {@code notifyEmails}, and by a
 * Slack-compatible incoming webhook ({@code POST {"text": …}}) to {@code slackWebhookUrl}. Each target
 * gets a {@link Notification} row and a durable {@code send-notification} job, scheduled in the
 * transaction that raised it; a failed delivery is retried with backoff up to {@link #MAX_ATTEMPTS}
 * times, then marked {@code failed} with the error, visible at {@code GET /api/stores/{id}/notifications}.
 * Raised on a new ticket, a ticket raised to urgent, a bad rating, a channel that needs
 * re-authorisation, and the weekly summary.
 */
@Singleton
public class Notifier {

    static final String TASK = "send-notification";
    static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final NotificationRepository notifications;
    private final SettingsService settings;
    private final JobScheduler jobs;
    private final OneTimeTask<String> task;
    private final EmailSender<?, ?> email;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionOperations<Connection> transactions;
    private final String from;
    private final OutboundAddresses outbound;

    Notifier(NotificationRepository notifications, SettingsService settings, JobScheduler jobs, @Named(TASK) OneTimeTask<String> task,
             EmailSender<?, ?> email, JsonMapper json, Clock clock, TransactionOperations<Connection> transactions,
             @Value("${micronaut.email.from.email}") String from, OutboundAddresses outbound) {
        this.outbound = outbound;
        this.notifications = notifications;
        this.settings = settings;
        this.jobs = jobs;
        this.task = task;
        this.email = email;
        this.json = json;
        this.clock = clock;
        this.transactions = transactions;
        this.from = from;
    }

    /**
     * Raises a notification to every target the store configured, in the caller's transaction.
     *
     * @param event   what happened, e.g. {@code new_ticket}
     * @return the notifications raised (none when the store configured no target)
     */
    @Transactional
    public List<Notification> notify(UUID storeId, String event, String subject, String body) {
        SettingsService.Settings s = settings.of(storeId);
        List<Notification> raised = new java.util.ArrayList<>();
        s.notifyEmails().forEach(to -> raised.add(raise(storeId, event, "email", to, subject, body)));
        if (s.slackWebhookUrl() != null) {
            raised.add(raise(storeId, event, "slack", s.slackWebhookUrl(), subject, body));
        }
        return raised;
    }

    private Notification raise(UUID storeId, String event, String channel, String target, String subject, String body) {
        Notification n = notifications.save(new Notification(UUID.randomUUID(), storeId, event, channel, target, subject, body, "pending", 0,
                null, clock.instant(), null));
        jobs.enqueueAt(task, n.id().toString(), n.id().toString(), Instant.now());
        return n;
    }

    /** New tickets and tickets raised to urgent. */
    @EventListener
    void onTicket(TicketOpened t) {
        boolean urgent = t.priority() == dev.handoff.app.tickets.Ticket.Priority.urgent;
        if (t.created() || urgent) {
            notify(t.storeId(), urgent ? "urgent_ticket" : "new_ticket",
                    (urgent ? "Urgent ticket #" : "New ticket #") + t.number() + " (" + t.reason().replace('_', ' ') + ")",
                    t.summary() + "\n\nPriority: " + t.priority());
        }
    }

    /** @return the store's latest notifications (100), newest first */
    public List<Notification> recent(UUID storeId) {
        return notifications.recent(storeId, 100);
    }

    /** The job: one delivery attempt; a failure is recorded and retried until {@link #MAX_ATTEMPTS}. */
    void deliver(UUID id) {
        Notification n = transactions.executeRead(status -> notifications.findById(id)).orElse(null);
        if (n == null || !n.status().equals("pending")) {
            return;
        }
        try {
            if (n.channel().equals("email")) {
                email.send(Email.builder().from(from).to(n.target()).subject(n.subject()).body(n.body()));
            } else {
                postWebhook(n);
            }
            save(n, "sent", null, clock.instant());
        } catch (IOException | RuntimeException e) {
            boolean last = n.attempts() + 1 >= MAX_ATTEMPTS;
            save(n, last ? "failed" : "pending", e.getMessage() == null ? e.toString() : e.getMessage(), null);
            LOG.warn("Notification {} to {} failed (attempt {}): {}", n.event(), n.channel(), n.attempts() + 1, e.toString());
            if (!last) {
                throw new IllegalStateException("delivery failed, retried", e);
            }
        }
    }

    /**
     * Posts to the webhook through {@link OutboundAddresses#httpClient()} (public addresses only, checked at
     * connect time; no redirects). A failure is recorded as its status code or one generic sentence, never
     * with what the target answered, so the log cannot be used to read internal services.
     */
    private void postWebhook(Notification n) throws IOException {
        okhttp3.Request request = new okhttp3.Request.Builder().url(n.target())
                .post(okhttp3.RequestBody.create(json.writeValueAsString(Map.of("text", "*" + n.subject() + "*\n" + n.body())),
                        okhttp3.MediaType.get("application/json")))
                .build();
        int status;
        try (okhttp3.Response r = outbound.httpClient().newCall(request).execute()) {
            status = r.code();
        } catch (java.net.UnknownHostException e) {
            throw new IOException("webhook host does not resolve to a public address");
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("webhook could not be reached");
        }
        if (status / 100 != 2) {
            throw new IOException("webhook answered HTTP " + status);
        }
    }

    private void save(Notification n, String status, String error, Instant sentAt) {
        transactions.executeWrite(s -> notifications.update(new Notification(n.id(), n.storeId(), n.event(), n.channel(), n.target(), n.subject(),
                n.body(), status, n.attempts() + 1, error, n.createdAt(), sentAt)));
    }

    /** The durable job. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        OneTimeTask<String> sendNotificationTask(Provider<Notifier> notifier,
                                                 @Value("${handoff.notifications.retry-delay:2s}") Duration retryDelay) {
            return Tasks.oneTime(TASK, String.class)
                    .onFailure(JobScheduler.retryForever(retryDelay, Duration.ofMinutes(10)))
                    .execute((instance, context) -> notifier.get().deliver(UUID.fromString(instance.getData())));
        }
    }
}
