package dev.handoff.app.mailbox;

import dev.handoff.channels.imap.ImapSettings;
import dev.handoff.app.automation.Notifier;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.platform.SecretBox;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The store's connected mailboxes: credentials sealed at rest ({@link SecretBox}), status, and the sync
 * cursor. An account whose provider refuses its credentials becomes {@code needs_reauth} and the
 * store's admins are notified ({@code channel_reauth}); it never fails silently.
 */
@Singleton
public class ChannelAccounts implements dev.handoff.app.platform.SealedSecrets {

    private final ChannelAccountRepository accounts;
    private final SecretBox secrets;
    private final JsonMapper json;
    private final Notifier notifier;
    private final ApplicationEventPublisher<AccountChanged> changed;
    private final Clock clock;
    private final io.micronaut.transaction.TransactionOperations<java.sql.Connection> transactions;
    private final dev.handoff.app.security.OutboundAddresses outbound;

    /** The one answer to every failed IMAP/SMTP check, so the form cannot tell a closed port from a refused login. */
    static final String CONNECT_FAILED = "The mail server could not be reached or refused the login: check the hosts, ports, "
            + "TLS setting, username and password";

    ChannelAccounts(ChannelAccountRepository accounts, SecretBox secrets, JsonMapper json, Notifier notifier,
                    ApplicationEventPublisher<AccountChanged> changed, Clock clock,
                    io.micronaut.transaction.TransactionOperations<java.sql.Connection> transactions,
                    dev.handoff.app.security.OutboundAddresses outbound) {
        this.outbound = outbound;
        this.transactions = transactions;
        this.accounts = accounts;
        this.secrets = secrets;
        this.json = json;
        this.notifier = notifier;
        this.changed = changed;
        this.clock = clock;
    }

    /** Published after an account is connected, reconnected or removed, so its sync starts or stops. */
    public record AccountChanged(UUID accountId) {
    }

    /**
     * Stores a new account, or new credentials for the store's account of that kind and address (a
     * reconnect: status back to {@code active}, the sync cursor kept).
     *
     * @param credentials provider credentials (passwords, OAuth tokens), sealed before storing
     */
    @Transactional
    public ChannelAccount save(UUID storeId, String kind, String email, Map<String, String> credentials, @Nullable String cursor) {
        Instant now = clock.instant();
        Optional<ChannelAccount> existing = accounts.findByStoreIdOrderByCreatedAt(storeId).stream()
                .filter(a -> a.kind().equals(kind) && a.email().equalsIgnoreCase(email)).findFirst();
        ChannelAccount saved = existing.isPresent()
                ? accounts.update(new ChannelAccount(existing.get().id(), storeId, kind, existing.get().email(), ChannelAccount.ACTIVE, null,
                        seal(credentials), existing.get().syncCursor() != null ? existing.get().syncCursor() : cursor,
                        existing.get().lastSyncedAt(), existing.get().createdAt(), now))
                : accounts.save(new ChannelAccount(UUID.randomUUID(), storeId, kind, email, ChannelAccount.ACTIVE, null, seal(credentials),
                        cursor, null, now, now));
        changed.publishEvent(new AccountChanged(saved.id()));
        return saved;
    }

    /**
     * Connects (or reconnects) an IMAP mailbox after checking that both servers accept the login.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for missing or malformed fields; 422 with one generic
     *         detail when a host is not public ({@code handoff.outbound.allow-private-mail-hosts}), a server cannot be
     *         reached or refuses the login
     */
    public ChannelAccount connectImap(UUID storeId, ImapConnect request) {
        dev.handoff.channels.imap.ImapSettings settings = request.validated();
        try {
            outbound.checkMailHost(settings.imapHost());
            outbound.checkMailHost(settings.smtpHost());
        } catch (java.net.UnknownHostException e) {
            throw Problems.unprocessable(CONNECT_FAILED);
        }
        try (var mailbox = new dev.handoff.channels.imap.ImapMailbox(settings, "verify", clock, java.time.Duration.ofSeconds(20))) {
            mailbox.verify();
        } catch (dev.handoff.channels.spi.ChannelException e) {
            throw Problems.unprocessable(CONNECT_FAILED);
        }
        return transactions.executeWrite(status -> save(storeId, "imap", settings.email(), request.credentials(), null));
    }

    /**
     * The IMAP connect request.
     *
     * @param kind     {@code imap}
     * @param email    the mailbox's address
     * @param imapHost IMAP host
     * @param imapPort IMAP port (default 993 with implicit TLS, 143 otherwise)
     * @param smtpHost SMTP host
     * @param smtpPort SMTP port (default 465 with implicit TLS, 587 otherwise)
     * @param username login (default: the address)
     * @param password password or app password
     * @param security {@code tls} (implicit TLS, the default), {@code starttls} (required: a server that does not offer it
     *                 is refused) or {@code none} (STARTTLS only when offered); see {@link ImapSettings.Security}
     * @param tls      the older form: {@code true} is {@code tls}, {@code false} is {@code none}; ignored when
     *                 {@code security} is given
     */
    @Serdeable
    public record ImapConnect(String kind, String email, String imapHost, @Nullable Integer imapPort, String smtpHost,
                              @Nullable Integer smtpPort, @Nullable String username, String password, @Nullable String security,
                              @Nullable Boolean tls) {

        ImapSettings validated() {
            if (kind != null && !kind.equals("imap")) {
                throw Problems.badRequest("kind must be imap here; connect gmail and outlook with POST …/channels/{kind}/connect");
            }
            if (email == null || !dev.handoff.app.platform.EmailAddresses.isValid(email.strip())) {
                throw Problems.badRequest("email must be the mailbox's address");
            }
            if (imapHost == null || imapHost.isBlank() || smtpHost == null || smtpHost.isBlank()) {
                throw Problems.badRequest("imapHost and smtpHost are required");
            }
            if (password == null || password.isEmpty()) {
                throw Problems.badRequest("password is required");
            }
            ImapSettings.Security chosen;
            try {
                chosen = security != null ? ImapSettings.Security.valueOf(security.strip().toLowerCase(java.util.Locale.ROOT))
                        : tls == null || tls ? ImapSettings.Security.tls : ImapSettings.Security.none;
            } catch (IllegalArgumentException e) {
                throw Problems.badRequest("security must be tls, starttls or none");
            }
            int imap = imapPort == null ? (chosen.implicit() ? 993 : 143) : imapPort;
            int smtp = smtpPort == null ? (chosen.implicit() ? 465 : 587) : smtpPort;
            if (imap < 1 || imap > 65535 || smtp < 1 || smtp > 65535) {
                throw Problems.badRequest("imapPort and smtpPort must be 1 to 65535");
            }
            return new ImapSettings(email.strip(), imapHost.strip(), imap, smtpHost.strip(), smtp,
                    username == null || username.isBlank() ? email.strip() : username.strip(), password, chosen);
        }

        Map<String, String> credentials() {
            var s = validated();
            return Map.of("imapHost", s.imapHost(), "imapPort", Integer.toString(s.imapPort()), "smtpHost", s.smtpHost(),
                    "smtpPort", Integer.toString(s.smtpPort()), "username", s.username(), "password", s.password(), "security", s.security().name());
        }
    }

    /** @return the store's accounts, oldest first */
    public List<View> list(UUID storeId) {
        return accounts.findByStoreIdOrderByCreatedAt(storeId).stream().map(View::of).toList();
    }

    /** @return the store's account; 404 problem when unknown */
    public ChannelAccount require(UUID storeId, UUID accountId) {
        return accounts.findByIdAndStoreId(accountId, storeId).orElseThrow(() -> Problems.notFound("Channel account"));
    }

    /** @return the account, whatever its store (sync and delivery) */
    public Optional<ChannelAccount> find(UUID accountId) {
        return accounts.findById(accountId);
    }

    /** @return the accounts to sync: all but those waiting for re-authorisation */
    public List<ChannelAccount> syncable() {
        return accounts.findSyncable();
    }

    /** Removes an account; its conversations stay. */
    @Transactional
    public void delete(UUID storeId, UUID accountId) {
        accounts.delete(require(storeId, accountId));
        changed.publishEvent(new AccountChanged(accountId));
    }

    /** Each mailbox's credentials (passwords, OAuth tokens), sealed as one JSON object. */
    @Override
    public List<Column> sealedColumns() {
        return List.of(new Column("channel_accounts", "id", "credentials"));
    }

    /** @return the account's credentials, unsealed */
    public Map<String, String> credentials(ChannelAccount account) {
        try {
            return json.readValue(secrets.open(account.credentials()), Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the credentials (refreshed OAuth tokens). */
    @Transactional
    public void updateCredentials(UUID accountId, Map<String, String> credentials) {
        accounts.updateCredentials(accountId, seal(credentials), clock.instant());
    }

    /** Stores the cursor after the messages before it are stored, in the caller's transaction; the account is active again. */
    @Transactional
    public void advance(UUID accountId, String cursor) {
        accounts.updateCursor(accountId, cursor, clock.instant());
        accounts.updateStatus(accountId, ChannelAccount.ACTIVE, null, clock.instant());
    }

    /** Marks the account {@code needs_reauth} and notifies the admins (once per loss of access). */
    @Transactional
    public void needsReauth(ChannelAccount account, String detail) {
        if (accounts.updateStatus(account.id(), ChannelAccount.NEEDS_REAUTH, detail, clock.instant()) == 1) {
            notifier.notify(account.storeId(), "channel_reauth", "Reconnect " + account.email(),
                    "Handoff can no longer read or send mail for " + account.email() + " (" + account.kind() + "): " + detail
                            + "\nNew emails to this address are not reaching the inbox until an admin connects it again in Settings → Channels.");
        }
    }

    /** Marks the account {@code error} with the reason; syncing goes on. */
    @Transactional
    public void failed(UUID accountId, String detail) {
        accounts.updateStatus(accountId, ChannelAccount.ERROR, detail, clock.instant());
    }

    private String seal(Map<String, String> credentials) {
        try {
            return secrets.seal(json.writeValueAsString(credentials));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An account as the admin API shows it (no credentials).
     *
     * @param id           account id
     * @param kind         {@code gmail|outlook|imap}
     * @param email        the mailbox's address
     * @param status       {@code active|needs_reauth|error}
     * @param statusDetail why it is not active, or {@code null}
     * @param lastSyncedAt last successful sync (UTC), or {@code null}
     * @param createdAt    when connected (UTC)
     */
    @Serdeable
    public record View(UUID id, String kind, String email, String status, @Nullable String statusDetail, @Nullable Instant lastSyncedAt,
                       Instant createdAt) {
        static View of(ChannelAccount a) {
            return new View(a.id(), a.kind(), a.email(), a.status(), a.statusDetail(), a.lastSyncedAt(), a.createdAt());
        }
    }
}
