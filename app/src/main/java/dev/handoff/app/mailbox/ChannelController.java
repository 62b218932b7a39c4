package dev.handoff.app.mailbox;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** A store's email channel accounts: connect (IMAP with a password, Gmail and Outlook through OAuth), list, remove. */
@Controller("/api")
@Access(AccessLevel.STORE_ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
class ChannelController {

    private final StoreService stores;
    private final ChannelAccounts accounts;
    private final OAuthProviders oauth;

    ChannelController(StoreService stores, ChannelAccounts accounts, OAuthProviders oauth) {
        this.stores = stores;
        this.accounts = accounts;
        this.oauth = oauth;
    }

    /** The store's accounts with their {@code status} ({@code active|needs_reauth|error}). */
    @Access(AccessLevel.STORE_AGENT)
    @Get("/stores/{storeId}/channels")
    @SecurityRequirement(name = "bearer")
    List<ChannelAccounts.View> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return accounts.list(storeId);
    }

    /**
     * Which OAuth mailboxes this server can connect: {@code [{kind, configured, setup}]} for {@code gmail} and
     * {@code outlook}; {@code setup} says what an operator configures when {@code configured} is false.
     */
    @Get("/stores/{storeId}/channels/providers")
    @SecurityRequirement(name = "bearer")
    List<Provider> providers(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return List.of(
                new Provider("gmail", oauth.configured("gmail"), "Set HANDOFF_GMAIL_CLIENT_ID and HANDOFF_GMAIL_CLIENT_SECRET (a Google OAuth client) on the server, then restart it."),
                new Provider("outlook", oauth.configured("outlook"), "Set HANDOFF_OUTLOOK_CLIENT_ID and HANDOFF_OUTLOOK_CLIENT_SECRET (a Microsoft Entra app) on the server, then restart it."));
    }

    /** @param kind {@code gmail|outlook} @param configured the server has its OAuth client @param setup what to configure otherwise */
    @Serdeable
    record Provider(String kind, boolean configured, String setup) {
    }

    /** Connects (or reconnects) an IMAP mailbox; 422 when its servers refuse the login. */
    @Post("/stores/{storeId}/channels")
    @Status(HttpStatus.CREATED)
    @SecurityRequirement(name = "bearer")
    ChannelAccounts.View connect(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                 @Body ChannelAccounts.ImapConnect body) {
        stores.requireAccess(agent, storeId);
        return ChannelAccounts.View.of(accounts.connectImap(storeId, body));
    }

    /** Starts the OAuth connect (or re-authorise) flow of {@code gmail} or {@code outlook}: open {@code authorizationUrl} in the browser. */
    @Post("/stores/{storeId}/channels/{kind}/connect")
    @SecurityRequirement(name = "bearer")
    Connect startOAuth(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, String kind) {
        stores.requireAccess(agent, storeId);
        return new Connect(oauth.authorizationUrl(storeId, kind));
    }

    /** The provider's redirect after consent; answers with a redirect to the dashboard's channel settings. */
    @Access(AccessLevel.PUBLIC)
    @Get("/channels/oauth/{kind}/callback")
    HttpResponse<?> callback(String kind, @QueryValue String code, @QueryValue String state) {
        ChannelAccount account = oauth.complete(kind, code, state);
        return HttpResponse.seeOther(URI.create("/admin/#/settings/channels?connected=" + account.id()));
    }

    /** Removes an account; its conversations stay. */
    @Delete("/stores/{storeId}/channels/{id}")
    @Status(HttpStatus.NO_CONTENT)
    @SecurityRequirement(name = "bearer")
    void delete(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        accounts.delete(storeId, id);
    }

    /** @param authorizationUrl where to send the admin's browser */
    @Serdeable
    record Connect(String authorizationUrl) {
    }
}
