package dev.handoff.app.support;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A real SMTP + IMAP server on loopback (GreenMail) for the email channel tests: mailboxes, deliveries, and reading them back. */
public final class Mailserver implements AutoCloseable {

    private final GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetup.SMTP_IMAP));
    private final Session session = Session.getInstance(new Properties());

    public Mailserver() {
        mail.start();
    }

    public GreenMail greenMail() {
        return mail;
    }

    public int imapPort() {
        return mail.getImap().getPort();
    }

    public int smtpPort() {
        return mail.getSmtp().getPort();
    }

    /** Creates a mailbox whose login is its address. */
    public GreenMailUser user(String email, String password) {
        return mail.setUser(email, email, password);
    }

    /** @return the body of {@code POST /api/stores/{id}/channels} for a mailbox of this server */
    public Map<String, Object> imapChannel(String email, String password) {
        return Map.of("kind", "imap", "email", email, "imapHost", "127.0.0.1", "imapPort", imapPort(), "smtpHost", "127.0.0.1",
                "smtpPort", smtpPort(), "username", email, "password", password, "tls", false);
    }

    /** Delivers a message straight into {@code to}'s INBOX. */
    public void deliver(String to, MimeMessage message) {
        try {
            mail.getUserManager().getUserByEmail(to).deliver(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers raw RFC 5322 bytes into {@code to}'s INBOX. */
    public void deliverRaw(String to, byte[] raw) {
        try {
            deliver(to, new MimeMessage(session, new ByteArrayInputStream(raw)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a plain-text email with optional extra headers */
    public MimeMessage email(String from, String to, String subject, String text, String messageId, Map<String, String> headers) {
        try {
            MimeMessage m = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + messageId + ">");
                }
            };
            m.setFrom(new InternetAddress(from));
            m.setRecipients(Message.RecipientType.TO, to);
            m.setSubject(subject, "UTF-8");
            m.setText(text, "UTF-8");
            m.setSentDate(new java.util.Date());
            for (var h : headers.entrySet()) {
                m.setHeader(h.getKey(), h.getValue());
            }
            m.saveChanges();
            return m;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return messages of a folder of a mailbox, read over IMAP */
    public List<MimeMessage> folder(String email, String password, String folder) {
        try {
            Store store = session.getStore("imap");
            store.connect("127.0.0.1", imapPort(), email, password);
            try {
                Folder f = store.getFolder(folder);
                if (!f.exists()) {
                    return List.of();
                }
                f.open(Folder.READ_ONLY);
                List<MimeMessage> out = new ArrayList<>();
                for (Message m : f.getMessages()) {
                    if (!m.isSet(Flags.Flag.DELETED)) {
                        out.add(new MimeMessage((MimeMessage) m));
                    }
                }
                f.close(false);
                return out;
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return whether the folder's messages all carry the \Draft flag */
    public boolean allDrafts(String email, String password, String folder) {
        try {
            Store store = session.getStore("imap");
            store.connect("127.0.0.1", imapPort(), email, password);
            try {
                Folder f = store.getFolder(folder);
                f.open(Folder.READ_ONLY);
                for (Message m : f.getMessages()) {
                    if (!m.isSet(Flags.Flag.DRAFT)) {
                        return false;
                    }
                }
                return true;
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        mail.stop();
    }
}
