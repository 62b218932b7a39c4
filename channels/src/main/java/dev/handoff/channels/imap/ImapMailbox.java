package dev.handoff.channels.imap;

import dev.handoff.channels.mail.EmailParser;
import dev.handoff.channels.mail.MimeComposer;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.ChannelKind;
import dev.handoff.channels.spi.InboundMessage;
import dev.handoff.channels.spi.Mailbox;
import dev.handoff.channels.spi.OutboundEmail;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Any IMAP mailbox, with Jakarta Mail (Angus). Reads the INBOX incrementally by UIDVALIDITY and UID
 * (RFC 3501 §2.3.1.1): the cursor is {@code uidvalidity:lastUid}; a changed UIDVALIDITY starts over
 * (redelivered messages are recognised by Message-ID downstream). Waits with IDLE (RFC 2177) when the
 * server offers it. Drafts are appended to the Drafts folder (RFC 6154 {@code \Drafts}, else a folder
 * named Drafts, created when missing) with the {@code \Draft} flag; replies go out over SMTP and a copy is filed in Sent.
 * <p>
 * Not thread-safe for concurrent fetches; the app runs one sync loop per account.
 */
public final class ImapMailbox implements Mailbox {

    private static final Logger LOG = LoggerFactory.getLogger(ImapMailbox.class);
    private static final String DRAFT_HEADER = "X-Handoff-Draft";

    private final ImapSettings settings;
    private final String accountId;
    private final Clock clock;
    private final Session session;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "imap-idle-watchdog");
        t.setDaemon(true);
        return t;
    });
    private Store store;
    private Store idleStore;
    private IMAPFolder idleFolder;
    private volatile int idleSeenCount;


    /**
     * @param accountId the channel account id put on every message read
     * @param timeout   connect and read timeout of each server call
     */
    public ImapMailbox(ImapSettings settings, String accountId, Clock clock, Duration timeout) {
        this.settings = settings;
        this.accountId = accountId;
        this.clock = clock;
        Properties p = new Properties();
        String ms = Long.toString(timeout.toMillis());
        for (String protocol : List.of("imap", "imaps", "smtp", "smtps")) {
            p.setProperty("mail." + protocol + ".connectiontimeout", ms);
            p.setProperty("mail." + protocol + ".timeout", ms);
            p.setProperty("mail." + protocol + ".writetimeout", ms);
        }
        p.setProperty("mail.imap.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.enable", "true");
        // STARTTLS chosen: a server that does not offer it (or a stripped offer) is refused, never spoken to in plain
        String required = Boolean.toString(settings.security() == ImapSettings.Security.starttls);
        p.setProperty("mail.imap.starttls.required", required);
        p.setProperty("mail.smtp.starttls.required", required);
        p.setProperty("mail.smtp.auth", "true");
        p.setProperty("mail.smtps.auth", "true");
        p.setProperty("mail.imap.fetchsize", "1048576");
        p.setProperty("mail.imaps.fetchsize", "1048576");
        this.session = Session.getInstance(p);
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.imap;
    }

    /** Checks the credentials of both servers; throws {@link ChannelException} as the other methods do. */
    public void verify() {
        call(() -> {
            store().getFolder("INBOX").exists();
            Transport t = session.getTransport(settings.security().implicit() ? "smtps" : "smtp");
            try {
                t.connect(settings.smtpHost(), settings.smtpPort(), settings.username(), settings.password());
            } finally {
                t.close();
            }
            return null;
        });
    }

    @Override
    public synchronized SyncPage fetch(String cursor, int limit) {
        return call(() -> {
            IMAPFolder inbox = (IMAPFolder) store().getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                long validity = inbox.getUIDValidity();
                long last = 0;
                if (cursor != null) {
                    String[] parts = cursor.split(":");
                    if (Long.parseLong(parts[0]) == validity) {
                        last = Long.parseLong(parts[1]);
                    } else {
                        LOG.info("IMAP account {}: UIDVALIDITY changed from {} to {}; reading the mailbox again", accountId, parts[0], validity);
                    }
                }
                // one UID range a page (RFC 3501 UID FETCH n:m), bodies fetched in the same command
                long next = inbox.getUIDNext();
                long end = next > 0 ? Math.min(last + limit, next - 1) : UIDFolder.MAXUID;
                if (next > 0 && end <= last) {
                    return new SyncPage(List.of(), validity + ":" + last, false);
                }
                Message[] found = inbox.getMessagesByUID(last + 1, end);
                FetchProfile profile = new FetchProfile();
                profile.add(UIDFolder.FetchProfileItem.UID);
                profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
                profile.add(IMAPFolder.FetchProfileItem.MESSAGE);
                inbox.fetch(found, profile);
                List<Message> newer = new ArrayList<>();
                for (Message m : found) {
                    if (m != null && inbox.getUID(m) > last) {
                        newer.add(m);
                    }
                }
                List<InboundMessage> out = new ArrayList<>();
                long cursorUid = last;
                for (Message m : newer.subList(0, Math.min(limit, newer.size()))) {
                    long uid = inbox.getUID(m);
                    Instant received = receivedAt(m);
                    String providerId = validity + ":" + uid;
                    try {
                        ByteArrayOutputStream raw = new ByteArrayOutputStream();
                        m.writeTo(raw);
                        out.add(EmailParser.parse(ChannelKind.imap, accountId, providerId, null, raw.toByteArray(), received));
                    } catch (MessagingException | IOException e) {
                        if (!inbox.isOpen() || !store().isConnected()) {
                            throw e; // the connection broke: read this page again later
                        }
                        LOG.warn("IMAP account {}: the server failed to hand over UID {}: {}", accountId, uid, e.getMessage());
                        out.add(EmailParser.unfetchable(ChannelKind.imap, accountId, providerId, null, e.getMessage(), received));
                    }
                    cursorUid = uid;
                }
                boolean more = newer.size() > limit || next > 0 && end < next - 1;
                if (newer.isEmpty() && more) {
                    // a gap of expunged UIDs at least a page wide: continue from the next message that exists
                    Message[] rest = inbox.getMessagesByUID(end + 1, UIDFolder.MAXUID);
                    long first = rest.length == 0 || rest[0] == null ? last : inbox.getUID(rest[0]);
                    cursorUid = first > end ? first - 1 : last;
                }
                // the cursor never passes a message not read: a server may announce UIDNEXT before the message shows
                return new SyncPage(out, validity + ":" + cursorUid, more && cursorUid > last);
            } finally {
                inbox.close(false);
            }
        });
    }

    /**
     * IDLE (RFC 2177) on the INBOX on a second connection until the server reports a change or
     * {@code max} passes: a watchdog then issues a command on the folder, which ends the IDLE (and
     * repeats each second until it has); without IDLE support this sleeps, which makes the sync poll.
     */
    @Override
    public void awaitNew(Duration max) throws InterruptedException {
        IMAPFolder folder;
        try {
            folder = idleFolder();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("IMAP account {}: IDLE unavailable ({}); polling", accountId, e.getMessage());
            closeIdle();
            folder = null;
        }
        if (folder == null) {
            Thread.sleep(max.toMillis());
            return;
        }
        IMAPFolder idling = folder;
        try {
            // mail that arrived since the last wait raises no IDLE notification: look first (NOOP, RFC 3501 §6.1.2)
            idling.doCommand(protocol -> {
                protocol.simpleCommand("NOOP", null);
                return null;
            });
            int count = idling.getMessageCount();
            if (count > idleSeenCount) {
                idleSeenCount = count;
                return;
            }
        } catch (MessagingException | RuntimeException e) {
            closeIdle();
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        ScheduledFuture<?> stop = watchdog.scheduleWithFixedDelay(() -> {
            if (!done.get()) {
                try {
                    idling.getMessageCount();
                } catch (MessagingException | RuntimeException ignored) {
                    // the IDLE ended anyway
                }
            }
        }, max.toMillis(), 1000, TimeUnit.MILLISECONDS);
        try {
            idling.idle(true);
        } catch (MessagingException | RuntimeException e) {
            closeIdle();
            Thread.sleep(Math.min(max.toMillis(), 1000));
        } finally {
            done.set(true);
            stop.cancel(false);
        }
        try {
            if (idleFolder != null) {
                idleSeenCount = idleFolder.getMessageCount();
            }
        } catch (MessagingException | RuntimeException ignored) {
            // counted again next time
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private synchronized IMAPFolder idleFolder() throws MessagingException {
        if (idleFolder != null) {
            return idleFolder;
        }
        idleStore = session.getStore(settings.security().implicit() ? "imaps" : "imap");
        idleStore.connect(settings.imapHost(), settings.imapPort(), settings.username(), settings.password());
        if (!((IMAPStore) idleStore).hasCapability("IDLE")) {
            idleStore.close();
            idleStore = null;
            return null;
        }
        IMAPFolder folder = (IMAPFolder) idleStore.getFolder("INBOX");
        folder.open(Folder.READ_ONLY);
        idleSeenCount = folder.getMessageCount();
        idleFolder = folder;
        return folder;
    }

    private synchronized void closeIdle() {
        try {
            if (idleStore != null) {
                idleStore.close();
            }
        } catch (MessagingException ignored) {
            // closing anyway
        }
        idleStore = null;
        idleFolder = null;
    }

    private Instant receivedAt(Message m) {
        try {
            return m.getReceivedDate() == null ? clock.instant() : m.getReceivedDate().toInstant();
        } catch (MessagingException | RuntimeException e) {
            return clock.instant();
        }
    }

    @Override
    public synchronized String saveDraft(OutboundEmail email) {
        return call(() -> {
            Folder drafts = draftsFolder();
            drafts.open(Folder.READ_WRITE);
            try {
                MimeMessage message = MimeComposer.compose(email, settings.email());
                message.setHeader(DRAFT_HEADER, email.messageId());
                message.setFlag(Flags.Flag.DRAFT, true);
                message.setFlag(Flags.Flag.SEEN, true);
                drafts.appendMessages(new Message[]{message});
                return email.messageId();
            } finally {
                drafts.close(false);
            }
        });
    }

    @Override
    public synchronized void deleteDraft(String providerDraftId) {
        call(() -> {
            Folder drafts = draftsFolder();
            drafts.open(Folder.READ_WRITE);
            try {
                Message[] found = drafts.search(new HeaderTerm(DRAFT_HEADER, providerDraftId));
                for (Message m : found) {
                    m.setFlag(Flags.Flag.DELETED, true);
                }
            } finally {
                drafts.close(true);
            }
            return null;
        });
    }

    @Override
    public Sent send(OutboundEmail email, String providerDraftId) {
        call(() -> {
            MimeMessage message = MimeComposer.compose(email, settings.email());
            Transport t = session.getTransport(settings.security().implicit() ? "smtps" : "smtp");
            try {
                t.connect(settings.smtpHost(), settings.smtpPort(), settings.username(), settings.password());
                t.sendMessage(message, message.getAllRecipients());
            } finally {
                t.close();
            }
            return null;
        });
        try {
            keepInSent(email);
        } catch (ChannelException e) {
            LOG.warn("IMAP account {}: sent, but filing a copy in Sent failed: {}", accountId, e.getMessage());
        }
        if (providerDraftId != null) {
            try {
                deleteDraft(providerDraftId);
            } catch (ChannelException e) {
                LOG.warn("IMAP account {}: sent, but the draft could not be removed: {}", accountId, e.getMessage());
            }
        }
        return new Sent(null, email.messageId());
    }

    /** Files a copy of a sent reply in the Sent folder, as mail clients do (SMTP does not). */
    private synchronized void keepInSent(OutboundEmail email) {
        call(() -> {
            Folder sent = specialFolder("\\Sent", "Sent");
            sent.open(Folder.READ_WRITE);
            try {
                MimeMessage copy = MimeComposer.compose(email, settings.email());
                copy.setFlag(Flags.Flag.SEEN, true);
                sent.appendMessages(new Message[]{copy});
            } finally {
                sent.close(false);
            }
            return null;
        });
    }

    private Folder draftsFolder() throws MessagingException {
        return specialFolder("\\Drafts", "Drafts");
    }

    /** @return the folder with this RFC 6154 special-use attribute, else the folder of this name (created when missing) */
    private Folder specialFolder(String attribute, String name) throws MessagingException {
        Store s = store();
        for (Folder f : s.getDefaultFolder().list("*")) {
            if (f instanceof IMAPFolder imap && Arrays.asList(imap.getAttributes()).contains(attribute)) {
                return f;
            }
        }
        Folder folder = s.getFolder(name);
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES);
        }
        return folder;
    }

    private synchronized Store store() throws MessagingException {
        if (store == null || !store.isConnected()) {
            store = session.getStore(settings.security().implicit() ? "imaps" : "imap");
            store.connect(settings.imapHost(), settings.imapPort(), settings.username(), settings.password());
        }
        return store;
    }

    @Override
    public synchronized void close() {
        closeIdle();
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException ignored) {
            // closing anyway
        }
        watchdog.shutdownNow();
    }

    private interface MailCall<T> {
        T run() throws MessagingException, IOException;
    }

    private <T> T call(MailCall<T> body) {
        try {
            return body.run();
        } catch (AuthenticationFailedException e) {
            throw new ChannelException(ChannelException.Kind.NEEDS_REAUTH, "The mail server refused the login: " + e.getMessage());
        } catch (MessagingException | IOException | IllegalStateException e) {
            synchronized (this) {
                try {
                    if (store != null) {
                        store.close();
                    }
                } catch (MessagingException ignored) {
                    // reconnect next time
                }
                store = null;
            }
            throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "The mail server failed: " + e.getMessage());
        }
    }
}
