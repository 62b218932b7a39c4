package dev.handoff.channels.imap;

import java.util.Objects;

/**
 * How to reach an IMAP mailbox and its SMTP server.
 *
 * @param email    the mailbox's address (replies are sent from it)
 * @param imapHost IMAP host
 * @param imapPort IMAP port (993 with TLS, 143 without)
 * @param smtpHost SMTP host
 * @param smtpPort SMTP port (465 with TLS, 587 with STARTTLS, 25)
 * @param username login for both servers
 * @param password password for both servers (an app password where the provider requires one)
 * @param tls      implicit TLS (IMAPS, SMTPS); without it STARTTLS is used when the server offers it
 */
public record ImapSettings(String email, String imapHost, int imapPort, String smtpHost, int smtpPort, String username,
                           String password, boolean tls) {
    public ImapSettings {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(imapHost, "imapHost");
        Objects.requireNonNull(smtpHost, "smtpHost");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }
}
