package dev.handoff.app.transcripts;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.conversation.Attachment;
import dev.handoff.app.conversation.Attachments;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.ConversationResolved;
import dev.handoff.app.conversation.ConversationStatus;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.mailbox.ChannelAccount;
import dev.handoff.app.mailbox.ChannelAccounts;
import dev.handoff.app.mailbox.Mailboxes;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.platform.SecretBox;
import dev.handoff.app.store.StoreService;
import dev.handoff.channels.spi.OutboundEmail;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.email.Email;
import io.micronaut.email.EmailSender;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Email transcripts of widget chats on resolution. A transcript is due when a widget conversation is resolved and the
 * store's {@link TranscriptMode} says so (the shopper asked, or {@code always} with a known address); it is recorded in
 * the resolving transaction under the key (conversation, resolution), so one resolution never sends two, and sent by
 * a durable job (retried with backoff) through the store's outgoing mailbox (its first active channel account: SMTP,
 * Gmail or Graph), or through the notification SMTP ({@code javamail.*}) when the store has none. Files are listed as
 * links to a signed download address ({@code /transcripts/files/{token}}), never attached.
 */
@Singleton
public class Transcripts {

    static final String TASK = "send-transcript";
    static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Transcripts.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{1,63}$");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final JdbcOperations jdbc;
    private final ConversationLookup lookup;
    private final Contacts contacts;
    private final Attachments attachments;
    private final ChannelAccounts accounts;
    private final Mailboxes mailboxes;
    private final StoreService stores;
    private final EmailSender<?, ?> smtp;
    private final SecretBox secrets;
    private final JobScheduler jobs;
    private final OneTimeTask<String> task;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final String publicUrl;
    private final String from;

    Transcripts(JdbcOperations jdbc, ConversationLookup lookup, Contacts contacts, Attachments attachments, ChannelAccounts accounts,
                Mailboxes mailboxes, StoreService stores, EmailSender<?, ?> smtp, SecretBox secrets, JobScheduler jobs,
                @Named(TASK) OneTimeTask<String> task, TransactionOperations<Connection> transactions, Clock clock,
                @Value("${handoff.public-url:`http://localhost:8080`}") String publicUrl,
                @Value("${micronaut.email.from.email}") String from) {
        this.jdbc = jdbc;
        this.lookup = lookup;
        this.contacts = contacts;
        this.attachments = attachments;
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.stores = stores;
        this.smtp = smtp;
        this.secrets = secrets;
        this.jobs = jobs;
        this.task = task;
        this.transactions = transactions;
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.from = from;
    }

    /** @return the store's transcript mode ({@link TranscriptMode#on_request} when never set) */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public TranscriptMode mode(UUID storeId) {
        return jdbc.prepareStatement("SELECT mode FROM transcript_settings WHERE store_id = ?", s -> {
            s.setObject(1, storeId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? TranscriptMode.valueOf(rs.getString(1)) : TranscriptMode.on_request;
            }
        });
    }

    /** Sets the store's transcript mode. */
    @Transactional
    public TranscriptMode setMode(UUID storeId, TranscriptMode mode) {
        jdbc.prepareStatement("""
                INSERT INTO transcript_settings (store_id, mode, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (store_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at""", s -> {
            s.setObject(1, storeId);
            s.setString(2, mode.name());
            s.setTimestamp(3, Timestamp.from(clock.instant()));
            return s.executeUpdate();
        });
        return mode;
    }

    /**
     * A shopper asks for a transcript of their widget chat: sent when the conversation is resolved, or at once when it
     * already is (once per resolution either way).
     *
     * @param email where to send it, or {@code null} for the address the shopper already gave
     * @throws io.micronaut.http.exceptions.HttpStatusException 409 when the store sends no transcripts; 400 for a bad
     *         address or none known; 422 for an email conversation (its thread is already in the shopper's mailbox)
     */
    @Transactional
    public TranscriptRequested request(Conversation c, @Nullable String email) {
        if (!"widget".equals(c.channel())) {
            throw Problems.unprocessable("Transcripts are for widget chats: an email conversation is already in the shopper's mailbox");
        }
        if (mode(c.storeId()) == TranscriptMode.off) {
            throw Problems.conflict("This store does not send chat transcripts");
        }
        String to = email == null || email.isBlank() ? contacts.contactOf(c).email() : email.strip();
        if (to == null) {
            throw Problems.badRequest("email: give the address the transcript should go to");
        }
        if (to.length() > 254 || !EMAIL.matcher(to).matches()) {
            throw Problems.badRequest("email is not an email address");
        }
        String address = to;
        jdbc.prepareStatement("""
                INSERT INTO transcript_requests (conversation_id, store_id, email, requested_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (conversation_id) DO UPDATE SET email = excluded.email, requested_at = excluded.requested_at""", s -> {
            s.setObject(1, c.id());
            s.setObject(2, c.storeId());
            s.setString(3, address);
            s.setTimestamp(4, Timestamp.from(clock.instant()));
            return s.executeUpdate();
        });
        if (c.status() == ConversationStatus.resolved && c.resolutionCount() > 0) {
            queue(c, c.resolutionCount(), address);
            return new TranscriptRequested(address, "now");
        }
        return new TranscriptRequested(address, "on-resolve");
    }

    /** On resolution, in the resolving transaction: records the transcript due (at most one per resolution) and queues it. */
    @EventListener
    void onResolved(ConversationResolved event) {
        Conversation c = lookup.find(event.conversationId()).orElse(null);
        if (c == null || !"widget".equals(c.channel())) {
            return;
        }
        TranscriptMode mode = mode(c.storeId());
        if (mode == TranscriptMode.off) {
            return;
        }
        String to = requested(c.id()).orElse(mode == TranscriptMode.always ? contacts.contactOf(c).email() : null);
        if (to != null) {
            queue(c, c.resolutionCount(), to);
        }
    }

    /** @return whether the store's widget offers "Email me a transcript" (its mode is not {@link TranscriptMode#off}) */
    public boolean offered(UUID storeId) {
        return mode(storeId) != TranscriptMode.off;
    }

    /** @return the address the shopper asked a transcript of this conversation to go to, if they asked */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public Optional<String> requested(UUID conversationId) {
        return Optional.ofNullable(jdbc.prepareStatement("SELECT email FROM transcript_requests WHERE conversation_id = ?", s -> {
            s.setObject(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }));
    }

    private void queue(Conversation c, int resolution, String to) {
        int inserted = jdbc.prepareStatement("""
                INSERT INTO transcripts (conversation_id, resolution, store_id, email, status, created_at) VALUES (?, ?, ?, ?, 'queued', ?)
                ON CONFLICT (conversation_id, resolution) DO NOTHING""", s -> {
            s.setObject(1, c.id());
            s.setInt(2, resolution);
            s.setObject(3, c.storeId());
            s.setString(4, to);
            s.setTimestamp(5, Timestamp.from(clock.instant()));
            return s.executeUpdate();
        });
        if (inserted == 1) {
            String key = c.id() + ":" + resolution;
            jobs.enqueueAt(task, key, key, Instant.now());
        }
    }

    /**
     * The transcript as the shopper reads it: a line per message (time, who, text), files as links, system notices left
     * out. Plain text (RFC 3676 style lines), UTF-8.
     */
    String text(Conversation c, String storeName) {
        StringBuilder out = new StringBuilder("Here is the transcript of your chat with " + storeName + ".\n\n");
        for (Message m : lookup.messages(c.id())) {
            if (m.author() == Author.system) {
                continue;
            }
            String who = switch (m.author()) {
                case customer -> "You";
                case assistant -> storeName + " assistant";
                default -> storeName + " support";
            };
            out.append('[').append(WHEN.format(m.createdAt())).append("] ").append(who).append(":\n").append(m.bodyText().strip()).append("\n");
            for (Attachment a : attachments.ofConversation(c.id()).getOrDefault(m.id(), List.of())) {
                out.append("  File: ").append(a.filename() == null ? "attachment" : a.filename()).append(" (")
                        .append(Math.max(1, a.sizeBytes() / 1024)).append(" KB) ")
                        .append(publicUrl).append("/transcripts/files/").append(secrets.sign(c.id() + ":" + a.id())).append('\n');
            }
            out.append('\n');
        }
        return out.append("Thanks for contacting us.\n").toString();
    }

    /** @return the file a transcript link names; 404 problem for an altered token or a file that is gone */
    public Attachment file(String token) {
        String payload = secrets.verify(token);
        if (payload == null || payload.indexOf(':') < 0) {
            throw Problems.notFound("File");
        }
        try {
            UUID conversation = UUID.fromString(payload.substring(0, payload.indexOf(':')));
            UUID attachment = UUID.fromString(payload.substring(payload.indexOf(':') + 1));
            Conversation c = lookup.find(conversation).orElseThrow(() -> Problems.notFound("File"));
            Attachment a = attachments.attachment(c.storeId(), attachment);
            if (!lookup.findMessage(a.messageId()).map(Message::conversationId).orElse(null).equals(c.id())) {
                throw Problems.notFound("File");
            }
            return a;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.notFound("File");
        }
    }

    private record Due(Conversation conversation, int resolution, String email, int attempts) {
    }

    /** The job: one attempt at sending transcript {@code conversationId:resolution}. */
    void send(String key) {
        UUID conversationId = UUID.fromString(key.substring(0, key.indexOf(':')));
        int resolution = Integer.parseInt(key.substring(key.indexOf(':') + 1));
        Due due = transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT email, attempts FROM transcripts WHERE conversation_id = ? AND resolution = ? AND status = 'queued'", s -> {
                    s.setObject(1, conversationId);
                    s.setInt(2, resolution);
                    try (ResultSet rs = s.executeQuery()) {
                        return rs.next() ? new Due(lookup.find(conversationId).orElse(null), resolution, rs.getString(1), rs.getInt(2)) : null;
                    }
                }));
        if (due == null || due.conversation() == null) {
            return;
        }
        Conversation c = due.conversation();
        String storeName = stores.nameOf(c.storeId());
        String subject = "Your chat with " + storeName + " (" + WHEN.format(c.createdAt()) + ")";
        try {
            String body = transactions.executeRead(status -> text(c, storeName));
            Optional<ChannelAccount> mailbox = transactions.executeRead(status -> outgoing(c.storeId()));
            String via;
            if (mailbox.isPresent()) {
                String domain = mailbox.get().email().substring(mailbox.get().email().indexOf('@') + 1);
                mailboxes.of(mailbox.get()).send(new OutboundEmail(storeName, due.email(), subject, body,
                        "transcript-" + c.id() + "-" + resolution + "@" + domain, null, List.of(), null, null), null);
                via = mailbox.get().kind() + ":" + mailbox.get().email();
            } else {
                smtp.send(Email.builder().from(from).to(due.email()).subject(subject).body(body));
                via = "smtp";
            }
            record(c.id(), resolution, "sent", via, null);
        } catch (RuntimeException e) {
            boolean last = due.attempts() + 1 >= MAX_ATTEMPTS;
            record(c.id(), resolution, last ? "failed" : "queued", null, e.getMessage() == null ? e.toString() : e.getMessage());
            if (!last) {
                throw e; // retried with backoff
            }
            LOG.warn("Transcript of {} could not be sent: {}", c.id(), e.toString());
        }
    }

    /** @return the store's first active mailbox (its address is the shopper's "from"), if it has one */
    private Optional<ChannelAccount> outgoing(UUID storeId) {
        return accounts.list(storeId).stream().filter(v -> "active".equals(v.status())).findFirst()
                .map(v -> accounts.require(storeId, v.id()));
    }

    private void record(UUID conversationId, int resolution, String status, @Nullable String via, @Nullable String error) {
        transactions.executeWrite(tx -> jdbc.prepareStatement("""
                UPDATE transcripts SET status = ?, sent_via = coalesce(?, sent_via), last_error = ?, attempts = attempts + 1,
                  sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
                WHERE conversation_id = ? AND resolution = ?""", s -> {
            s.setString(1, status);
            s.setString(2, via);
            s.setString(3, error);
            s.setString(4, status);
            s.setTimestamp(5, Timestamp.from(clock.instant()));
            s.setObject(6, conversationId);
            s.setInt(7, resolution);
            return s.executeUpdate();
        }));
    }

    /**
     * @param resolution which resolution it belongs to
     * @param email      where it went
     * @param status     {@code queued|sent|failed}
     * @param sentVia    {@code smtp} or the mailbox ({@code imap:support@shop.example})
     * @param sentAt     when it went out, or {@code null}
     */
    @io.micronaut.serde.annotation.Serdeable
    public record Sent(int resolution, String email, String status, @Nullable String sentVia, @Nullable Instant sentAt) {
    }

    /** @return the transcripts of a conversation, oldest resolution first */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public List<Sent> of(UUID conversationId) {
        return jdbc.prepareStatement("SELECT resolution, email, status, sent_via, sent_at FROM transcripts WHERE conversation_id = ? ORDER BY resolution", s -> {
            s.setObject(1, conversationId);
            List<Sent> out = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(5);
                    out.add(new Sent(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), at == null ? null : at.toInstant()));
                }
            }
            return out;
        });
    }

    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        OneTimeTask<String> sendTranscriptTask(Provider<Transcripts> transcripts, @Value("${handoff.mail.retry-delay:5s}") Duration retryDelay) {
            return Tasks.oneTime(TASK, String.class)
                    .onFailure(JobScheduler.retryForever(retryDelay, Duration.ofMinutes(10)))
                    .execute((instance, context) -> transcripts.get().send(instance.getData()));
        }
    }
}
