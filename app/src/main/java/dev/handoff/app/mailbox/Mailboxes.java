package dev.handoff.app.mailbox;

import dev.handoff.channels.imap.ImapMailbox;
import dev.handoff.channels.imap.ImapSettings;
import dev.handoff.channels.spi.Mailbox;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Mailbox} adapter per connected account, built from its unsealed credentials and kept
 * (IMAP keeps its connection) until the account changes.
 */
@Singleton
public class Mailboxes {

    private final ChannelAccounts accounts;
    private final OAuthProviders oauth;
    private final Clock clock;
    private final Duration timeout;
    private final Map<UUID, Mailbox> open = new ConcurrentHashMap<>();

    private final dev.handoff.app.security.OutboundAddresses outbound;

    Mailboxes(ChannelAccounts accounts, OAuthProviders oauth, Clock clock, @Value("${handoff.mail.timeout:30s}") Duration timeout,
              dev.handoff.app.security.OutboundAddresses outbound) {
        this.outbound = outbound;
        this.accounts = accounts;
        this.oauth = oauth;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** @return the adapter of this account */
    public Mailbox of(ChannelAccount account) {
        return open.computeIfAbsent(account.id(), id -> create(account));
    }

    /** Closes and forgets the adapter of an account (its credentials or existence changed). */
    public void evict(UUID accountId) {
        Mailbox m = open.remove(accountId);
        if (m != null) {
            m.close();
        }
    }

    private Mailbox create(ChannelAccount account) {
        Map<String, String> c = accounts.credentials(account);
        return switch (account.kind()) {
            case "imap" -> {
                ImapSettings settings = imapSettings(account.email(), c);
                try { // checked again before each sync connection: a host may have been re-pointed since it was saved
                    outbound.checkMailHost(settings.imapHost());
                    outbound.checkMailHost(settings.smtpHost());
                } catch (java.net.UnknownHostException e) {
                    throw new dev.handoff.channels.spi.ChannelException(dev.handoff.channels.spi.ChannelException.Kind.UNAVAILABLE,
                            ChannelAccounts.CONNECT_FAILED);
                }
                yield new ImapMailbox(settings, account.id().toString(), clock, timeout);
            }
            case "gmail", "outlook" -> oauth.mailbox(account, c);
            default -> throw new IllegalStateException("Unknown channel kind " + account.kind());
        };
    }

    /** @return IMAP settings from stored credentials (accounts stored before {@code security} have {@code tls}: true or false) */
    static ImapSettings imapSettings(String email, Map<String, String> c) {
        ImapSettings.Security security = c.containsKey("security") ? ImapSettings.Security.valueOf(c.get("security"))
                : Boolean.parseBoolean(c.get("tls")) ? ImapSettings.Security.tls : ImapSettings.Security.none;
        return new ImapSettings(email, c.get("imapHost"), Integer.parseInt(c.get("imapPort")), c.get("smtpHost"),
                Integer.parseInt(c.get("smtpPort")), c.get("username"), c.get("password"), security);
    }

    @PreDestroy
    void close() {
        open.keySet().forEach(this::evict);
    }
}
