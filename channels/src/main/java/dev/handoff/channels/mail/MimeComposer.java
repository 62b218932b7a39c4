package dev.handoff.channels.mail;

import dev.handoff.channels.spi.OutboundEmail;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Writes a reply as an RFC 5322 message: UTF-8 text, the given Message-ID, In-Reply-To and References
 * (RFC 5322 §3.6.4) so the shopper's client threads it, and an {@code Auto-Submitted: no} header. With files the
 * message is {@code multipart/mixed} (RFC 2046 §5.1.3): the text first, then each file base64-encoded with its name
 * (RFC 2231 for non-ASCII names) and {@code Content-Disposition: attachment}, or {@code inline} with its Content-ID for
 * an image the body shows (RFC 2183, RFC 2392).
 */
public final class MimeComposer {

    private static final Session SESSION = Session.getInstance(new Properties());

    private MimeComposer() {
    }

    /**
     * @param from the mailbox's address
     * @return the message, ready for SMTP or an IMAP APPEND
     */
    public static MimeMessage compose(OutboundEmail email, String from) {
        try {
            String id = "<" + email.messageId() + ">";
            MimeMessage m = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", id);
                }
            };
            m.setFrom(new InternetAddress(from, email.fromName(), StandardCharsets.UTF_8.name()));
            m.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(email.to(), false));
            m.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            if (email.files().isEmpty()) {
                m.setText(email.text(), StandardCharsets.UTF_8.name());
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart text = new MimeBodyPart();
                text.setText(email.text(), StandardCharsets.UTF_8.name());
                mixed.addBodyPart(text);
                for (OutboundEmail.File f : email.files()) {
                    MimeBodyPart part = new MimeBodyPart();
                    part.setDataHandler(new DataHandler(new ByteArrayDataSource(f.content(), f.contentType())));
                    part.setFileName(MimeUtility.encodeText(f.filename(), StandardCharsets.UTF_8.name(), null));
                    part.setDisposition(f.inline() ? Part.INLINE : Part.ATTACHMENT);
                    if (f.contentId() != null) {
                        part.setContentID("<" + f.contentId().replaceAll("^<|>$", "") + ">");
                    }
                    part.setHeader("Content-Transfer-Encoding", "base64");
                    mixed.addBodyPart(part);
                }
                m.setContent(mixed);
            }
            if (email.inReplyTo() != null) {
                m.setHeader("In-Reply-To", "<" + email.inReplyTo() + ">");
            }
            if (!email.references().isEmpty()) {
                m.setHeader("References", email.references().stream().map(r -> "<" + r + ">").collect(Collectors.joining(" ")));
            }
            m.setHeader("Auto-Submitted", "no");
            m.saveChanges();
            return m;
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("Cannot write the reply: " + e.getMessage(), e);
        }
    }

    /** @return {@link #compose} as bytes (CRLF line ends) */
    public static byte[] bytes(OutboundEmail email, String from) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            compose(email, from).writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
