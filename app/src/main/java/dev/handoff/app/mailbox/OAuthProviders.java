package dev.handoff.app.mailbox;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.platform.SecretBox;
import dev.handoff.channels.gmail.GmailMailbox;
import dev.handoff.channels.oauth.OAuthTokens;
import dev.handoff.channels.outlook.OutlookMailbox;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.Mailbox;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The OAuth 2.0 authorization-code connect flows (RFC 6749 §4.1) of Gmail and Outlook, and their
 * mailbox adapters. Configured with {@code handoff.gmail.*} and {@code handoff.outlook.*}
 * ({@code client-id}, {@code client-secret}, and the provider endpoints, which default to Google's
 * and Microsoft's); the redirect URI is {@code <handoff.public-url>/api/channels/oauth/<kind>/callback}
 * and must be registered with the provider. The {@code state} parameter is signed ({@link SecretBox})
 * and names the store, so the callback needs no session. Refresh tokens are stored sealed.
 */
@Singleton
public class OAuthProviders {

    /** How long a connect link stays valid. */
    private static final Duration STATE_TTL = Duration.ofMinutes(15);

    private final Provider<ChannelAccounts> accounts;
    private final SecretBox secrets;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final Duration timeout;
    private final String publicUrl;
    private final Map<String, Settings> providers = new HashMap<>();

    /** One provider's settings. */
    record Settings(String kind, OAuthTokens.Client client, String apiUrl, Map<String, String> extraAuthParams) {
    }

    OAuthProviders(Provider<ChannelAccounts> accounts, SecretBox secrets, TransactionOperations<Connection> transactions, Clock clock,
                   @Value("${handoff.mail.timeout:30s}") Duration timeout,
                   @Value("${handoff.public-url:`http://localhost:8080`}") String publicUrl,
                   @Value("${handoff.gmail.client-id:}") String gmailId, @Value("${handoff.gmail.client-secret:}") String gmailSecret,
                   @Value("${handoff.gmail.authorization-url:`https://accounts.google.com/o/oauth2/v2/auth`}") String gmailAuth,
                   @Value("${handoff.gmail.token-url:`https://oauth2.googleapis.com/token`}") String gmailToken,
                   @Value("${handoff.gmail.api-url:`https://gmail.googleapis.com/`}") String gmailApi,
                   @Value("${handoff.outlook.client-id:}") String outlookId, @Value("${handoff.outlook.client-secret:}") String outlookSecret,
                   @Value("${handoff.outlook.authorization-url:`https://login.microsoftonline.com/common/oauth2/v2.0/authorize`}") String outlookAuth,
                   @Value("${handoff.outlook.token-url:`https://login.microsoftonline.com/common/oauth2/v2.0/token`}") String outlookToken,
                   @Value("${handoff.outlook.api-url:`https://graph.microsoft.com/v1.0`}") String outlookApi) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.transactions = transactions;
        this.clock = clock;
        this.timeout = timeout;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        if (!gmailId.isBlank()) {
            providers.put("gmail", new Settings("gmail", new OAuthTokens.Client(gmailId, gmailSecret, gmailAuth, gmailToken,
                    List.of("https://www.googleapis.com/auth/gmail.modify")), gmailApi, Map.of("access_type", "offline", "prompt", "consent")));
        }
        if (!outlookId.isBlank()) {
            providers.put("outlook", new Settings("outlook", new OAuthTokens.Client(outlookId, outlookSecret, outlookAuth, outlookToken,
                    List.of("offline_access", "https://graph.microsoft.com/Mail.ReadWrite", "https://graph.microsoft.com/Mail.Send",
                            "https://graph.microsoft.com/User.Read")), outlookApi, Map.of("prompt", "select_account")));
        }
    }

    /** @return whether this server has OAuth client credentials for {@code gmail} or {@code outlook} */
    public boolean configured(String kind) {
        return providers.containsKey(kind);
    }

    /**
     * @return the provider's authorization URL to send the admin's browser to
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for an unknown kind, 422 when the provider is not configured
     */
    public String authorizationUrl(UUID storeId, String kind) {
        Settings s = settings(kind);
        String state = secrets.sign(storeId + "|" + kind + "|" + clock.instant().plus(STATE_TTL).getEpochSecond());
        StringBuilder url = new StringBuilder(s.client().authorizationUrl()).append(s.client().authorizationUrl().contains("?") ? '&' : '?')
                .append("response_type=code&client_id=").append(enc(s.client().clientId()))
                .append("&redirect_uri=").append(enc(redirectUri(kind)))
                .append("&scope=").append(enc(String.join(" ", s.client().scopes())))
                .append("&state=").append(enc(state));
        s.extraAuthParams().forEach((k, v) -> url.append('&').append(k).append('=').append(enc(v)));
        return url.toString();
    }

    /**
     * Completes a connect flow: exchanges the code, reads the mailbox's address, and stores (or
     * reconnects) the account.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for a forged or expired state, 422 when the provider refuses the code
     */
    public ChannelAccount complete(String kind, String code, String state) {
        Settings s = settings(kind);
        String payload = secrets.verify(state);
        String[] parts = payload == null ? new String[0] : payload.split("\\|");
        if (parts.length != 3 || !parts[1].equals(kind) || Long.parseLong(parts[2]) < clock.instant().getEpochSecond()) {
            throw Problems.badRequest("The connect link is invalid or expired; start again from Settings → Channels");
        }
        UUID storeId = UUID.fromString(parts[0]);
        OAuthTokens.Token token;
        String email;
        try {
            token = OAuthTokens.exchange(s.client(), code, redirectUri(kind), clock);
            OAuthTokens tokens = new OAuthTokens(s.client(), token, t -> { }, clock);
            if (kind.equals("gmail")) {
                email = new GmailMailbox(s.apiUrl(), tokens, "", "", timeout).profile().getEmailAddress();
            } else {
                email = new OutlookMailbox(s.apiUrl(), tokens, "", clock, timeout).address();
            }
        } catch (ChannelException e) {
            throw Problems.unprocessable("Connecting the " + kind + " mailbox failed: " + e.getMessage());
        }
        Map<String, String> credentials = credentials(token);
        return transactions.executeWrite(status -> accounts.get().save(storeId, kind, email, credentials, null));
    }

    /** @return the adapter of an OAuth account; refreshed tokens are stored sealed */
    public Mailbox mailbox(ChannelAccount account, Map<String, String> c) {
        Settings s = providers.get(account.kind());
        if (s == null) {
            throw new ChannelException(ChannelException.Kind.UNAVAILABLE, account.kind() + " is not configured on this server (HANDOFF_"
                    + account.kind().toUpperCase(java.util.Locale.ROOT) + "_CLIENT_ID)");
        }
        OAuthTokens.Token token = new OAuthTokens.Token(c.get("accessToken"), c.get("refreshToken"),
                Instant.ofEpochSecond(Long.parseLong(c.getOrDefault("expiresAt", "0"))));
        OAuthTokens tokens = new OAuthTokens(s.client(), token, refreshed -> transactions.executeWrite(status -> {
            accounts.get().updateCredentials(account.id(), credentials(refreshed));
            return null;
        }), clock);
        return account.kind().equals("gmail")
                ? new GmailMailbox(s.apiUrl(), tokens, account.email(), account.id().toString(), timeout)
                : new OutlookMailbox(s.apiUrl(), tokens, account.id().toString(), clock, timeout);
    }

    private static Map<String, String> credentials(OAuthTokens.Token t) {
        Map<String, String> c = new HashMap<>();
        c.put("accessToken", t.accessToken());
        if (t.refreshToken() != null) {
            c.put("refreshToken", t.refreshToken());
        }
        c.put("expiresAt", Long.toString(t.expiresAt().getEpochSecond()));
        return c;
    }

    private Settings settings(String kind) {
        if (!kind.equals("gmail") && !kind.equals("outlook")) {
            throw Problems.badRequest("OAuth connect is for gmail and outlook; connect IMAP mailboxes with their password");
        }
        Settings s = providers.get(kind);
        if (s == null) {
            String env = "HANDOFF_" + kind.toUpperCase(java.util.Locale.ROOT);
            throw Problems.unprocessable(kind + " is not configured on this server: set " + env + "_CLIENT_ID and " + env + "_CLIENT_SECRET");
        }
        return s;
    }

    private String redirectUri(String kind) {
        return publicUrl + "/api/channels/oauth/" + kind + "/callback";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
