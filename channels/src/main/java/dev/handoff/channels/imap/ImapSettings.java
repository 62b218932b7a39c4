package dev.handoff.channels.imap;

import java.util.Objects;

/**
 * How to reach an IMAP mailbox and its SMTP server.
 *
 * @param email    the mailbox's address (replies are sent from it)
 * @param imapHost IMAP host
 * @param imapPort IMAP port (993 with implicit TLS, 143 otherwise)
 * @param smtpHost SMTP host
 * @param smtpPort SMTP port (465 with implicit TLS, 587 with STARTTLS, 25)
 * @param username login for both servers
 * @param password password for both servers (an app password where the provider requires one)
 * @param security how the connections are encrypted
 */
public record ImapSettings(String email, String imapHost, int imapPort, String smtpHost, int smtpPort, String username,
                           String password, Security security) {

    /** How the IMAP and SMTP connections are encrypted (the choices of RFC 8314, section 3, and its STARTTLS). */
    public enum Security {
        /** Implicit TLS from the first byte: IMAPS and SMTPS (RFC 8314's recommendation). */
        tls,
        /** A plain connection upgraded with STARTTLS (RFC 3501, RFC 3207); a server that does not offer it is refused. */
        starttls,
        /** No encryption required: STARTTLS is still used when the server offers it (a server on the local network). */
        none;

        /** @return whether the connection starts in TLS (IMAPS and SMTPS) */
        public boolean implicit() {
            return this == tls;
        }
    }

    public ImapSettings {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(imapHost, "imapHost");
        Objects.requireNonNull(smtpHost, "smtpHost");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(security, "security");
    }
}
