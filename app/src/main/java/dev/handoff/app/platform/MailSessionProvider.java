package dev.handoff.app.platform;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.email.javamail.sender.MailPropertiesProvider;
import io.micronaut.email.javamail.sender.SessionProvider;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Session;

/**
 * The Jakarta Mail session for notification emails and the weekly summary, built from the
 * {@code javamail.*} configuration. Replaces micronaut-email's default provider, which takes
 * {@code Session.getDefaultInstance}: that session is shared by the whole JVM and keeps the
 * properties of whoever asked first, so a second application context (or a library) in the same JVM
 * could silently send through another SMTP server.
 */
@Singleton
class MailSessionProvider implements SessionProvider {

    private final Session session;

    MailSessionProvider(MailPropertiesProvider properties, @Nullable Authenticator authenticator) {
        this.session = Session.getInstance(properties.mailProperties(), authenticator);
    }

    @Override
    public Session session() {
        return session;
    }
}
