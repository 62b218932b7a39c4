package dev.handoff.channels.oauth;

import com.google.api.client.auth.oauth2.AuthorizationCodeTokenRequest;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import dev.handoff.channels.spi.ChannelException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * OAuth 2.0 tokens of a connected mailbox (RFC 6749 with google-oauth-client, which speaks to any
 * compliant token endpoint: Google's and the Microsoft identity platform's). The access token is
 * refreshed with the refresh token (§6) a minute before it expires, or when the provider answers
 * 401; each refreshed token is handed to {@code onRefresh} to be stored. A refused refresh
 * ({@code invalid_grant}: revoked or expired consent) is {@link ChannelException.Kind#NEEDS_REAUTH}.
 */
public final class OAuthTokens {

    private static final HttpTransport TRANSPORT = new NetHttpTransport();
    private static final Duration EARLY = Duration.ofSeconds(60);

    private final Client client;
    private final Consumer<Token> onRefresh;
    private final Clock clock;
    private Token token;

    /**
     * An OAuth client registered with the provider.
     *
     * @param clientId         client id
     * @param clientSecret     client secret
     * @param authorizationUrl the authorization endpoint (§3.1)
     * @param tokenUrl         the token endpoint (§3.2)
     * @param scopes           scopes to ask for
     */
    public record Client(String clientId, String clientSecret, String authorizationUrl, String tokenUrl, List<String> scopes) {
        public Client {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * @param accessToken  the bearer token
     * @param refreshToken the refresh token
     * @param expiresAt    when the access token expires (UTC)
     */
    public record Token(String accessToken, String refreshToken, Instant expiresAt) {
    }

    public OAuthTokens(Client client, Token token, Consumer<Token> onRefresh, Clock clock) {
        this.client = client;
        this.token = token;
        this.onRefresh = onRefresh;
        this.clock = clock;
    }

    /** @return a current access token, refreshed first when it expires within a minute */
    public synchronized String accessToken() {
        if (token.accessToken() == null || clock.instant().plus(EARLY).isAfter(token.expiresAt())) {
            refresh();
        }
        return token.accessToken();
    }

    /** Refreshes the access token now (after a 401). */
    public synchronized void refresh() {
        if (token.refreshToken() == null) {
            throw new ChannelException(ChannelException.Kind.NEEDS_REAUTH, "No refresh token; connect the mailbox again");
        }
        try {
            TokenResponse r = new RefreshTokenRequest(TRANSPORT, GsonFactory.getDefaultInstance(), new GenericUrl(client.tokenUrl()),
                    token.refreshToken()).setClientAuthentication(new ClientParametersAuthentication(client.clientId(), client.clientSecret()))
                    .execute();
            token = token(r, token.refreshToken(), clock);
            onRefresh.accept(token);
        } catch (TokenResponseException e) {
            throw failure(e);
        } catch (IOException e) {
            throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Token endpoint unreachable: " + e.getMessage());
        }
    }

    /**
     * Exchanges an authorization code (§4.1.3) for tokens.
     *
     * @throws ChannelException {@code NEEDS_REAUTH} when the provider refuses the code, {@code UNAVAILABLE} when unreachable
     */
    public static Token exchange(Client client, String code, String redirectUri, Clock clock) {
        try {
            TokenResponse r = new AuthorizationCodeTokenRequest(TRANSPORT, GsonFactory.getDefaultInstance(), new GenericUrl(client.tokenUrl()), code)
                    .setRedirectUri(redirectUri).setScopes(client.scopes())
                    .setClientAuthentication(new ClientParametersAuthentication(client.clientId(), client.clientSecret())).execute();
            return token(r, null, clock);
        } catch (TokenResponseException e) {
            throw failure(e);
        } catch (IOException e) {
            throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Token endpoint unreachable: " + e.getMessage());
        }
    }

    private static Token token(TokenResponse r, String previousRefresh, Clock clock) {
        long expires = r.getExpiresInSeconds() == null ? 3600 : r.getExpiresInSeconds();
        return new Token(r.getAccessToken(), r.getRefreshToken() != null ? r.getRefreshToken() : previousRefresh,
                clock.instant().plusSeconds(expires));
    }

    private static ChannelException failure(TokenResponseException e) {
        String error = e.getDetails() == null ? null : e.getDetails().getError();
        if (e.getStatusCode() >= 500 || e.getStatusCode() == 429) {
            return new ChannelException(ChannelException.Kind.UNAVAILABLE, "Token endpoint failed: HTTP " + e.getStatusCode());
        }
        return new ChannelException(ChannelException.Kind.NEEDS_REAUTH,
                "The provider refused the authorisation (" + (error == null ? "HTTP " + e.getStatusCode() : error) + ")");
    }
}
