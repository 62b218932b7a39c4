package dev.handoff.app.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** A real SMTP server on loopback (GreenMail) that the shared test apps send their notification emails to. */
public final class MailStub {

    private static GreenMail shared;

    private MailStub() {
    }

    /** @return the shared server, started on first use */
    public static synchronized GreenMail shared() {
        if (shared == null) {
            try (ServerSocket s = new ServerSocket(0)) {
                int port = s.getLocalPort();
                s.close();
                shared = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared.start();
        }
        return shared;
    }

    /** @return subjects of the messages received for {@code recipient}, oldest first */
    public static List<String> subjectsFor(String recipient) {
        List<String> out = new ArrayList<>();
        try {
            for (MimeMessage m : shared().getReceivedMessages()) {
                for (var to : m.getRecipients(Message.RecipientType.TO)) {
                    if (to.toString().equalsIgnoreCase(recipient)) {
                        out.add(m.getSubject());
                    }
                }
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** @return the text of the first message for {@code recipient} whose subject starts with {@code prefix} */
    public static String bodyOf(String recipient, String prefix) {
        try {
            for (MimeMessage m : shared().getReceivedMessages()) {
                if (m.getSubject().startsWith(prefix) && m.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(recipient)) {
                    Object content = m.getContent();
                    return content instanceof jakarta.mail.Multipart mp ? String.valueOf(mp.getBodyPart(0).getContent()) : String.valueOf(content);
                }
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }
}
