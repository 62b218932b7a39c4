package dev.handoff.channels.outlook;

import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.FileAttachment;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.mailfolders.item.messages.delta.DeltaGetResponse;
import com.microsoft.graph.users.item.messages.item.createreply.CreateReplyPostRequestBody;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.handoff.channels.mail.EmailParser;
import dev.handoff.channels.oauth.OAuthTokens;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.ChannelKind;
import dev.handoff.channels.spi.InboundMessage;
import dev.handoff.channels.spi.Mailbox;
import dev.handoff.channels.spi.OutboundEmail;
import dev.handoff.channels.spi.Retries;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Microsoft 365 / Outlook.com mailbox through Microsoft Graph v1.0 ({@code microsoft-graph} v6 SDK).
 * Incremental sync of the Inbox with the delta query ({@code /me/mailFolders/inbox/messages/delta});
 * the cursor is the {@code @odata.nextLink} while paging and the {@code @odata.deltaLink} after.
 * The first sync reads the last {@value #FIRST_SYNC_DAYS} days. Each message is read as MIME
 * ({@code /me/messages/{id}/$value}) and parsed like every other email; its thread key is the Graph
 * {@code conversationId}. Drafts through {@code createReply} (so they sit in the mailbox's Drafts,
 * threaded) with the reply text patched in; sending through the draft's {@code send}. The SDK's
 * retry handler honours {@code Retry-After} on 429/503/504; 401 refreshes the token once.
 */
public final class OutlookMailbox implements Mailbox {

    static final int FIRST_SYNC_DAYS = 7;
    private static final int ATTEMPTS = 3;

    private final GraphServiceClient graph;
    private final OAuthTokens tokens;
    private final String accountId;
    private final Clock clock;

    /**
     * @param baseUrl Graph root, {@code https://graph.microsoft.com/v1.0} in production
     */
    public OutlookMailbox(String baseUrl, OAuthTokens tokens, String accountId, Clock clock, Duration timeout) {
        this.tokens = tokens;
        this.accountId = accountId;
        this.clock = clock;
        AccessTokenProvider provider = new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                return tokens.accessToken();
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return new AllowedHostsValidator();
            }
        };
        OkHttpClient http = GraphClientFactory.create().connectTimeout(timeout).readTimeout(timeout).build();
        this.graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(provider), http);
        this.graph.getRequestAdapter().setBaseUrl(baseUrl);
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.outlook;
    }

    /** @return the signed-in user's mail address ({@code /me}) */
    public String address() {
        User me = call(() -> graph.me().get(rc -> rc.queryParameters.select = new String[]{"mail", "userPrincipalName"}));
        return me.getMail() != null ? me.getMail() : me.getUserPrincipalName();
    }

    @Override
    public SyncPage fetch(String cursor, int limit) {
        DeltaGetResponse page = cursor == null
                ? call(() -> graph.me().mailFolders().byMailFolderId("inbox").messages().delta().get(rc -> {
                    rc.queryParameters.select = new String[]{"id", "conversationId", "receivedDateTime"};
                    rc.queryParameters.filter = "receivedDateTime ge "
                            + DateTimeFormatter.ISO_INSTANT.format(clock.instant().minus(FIRST_SYNC_DAYS, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
                    rc.headers.add("Prefer", "odata.maxpagesize=" + limit);
                }))
                : call(() -> graph.me().mailFolders().byMailFolderId("inbox").messages().delta().withUrl(cursor).get(rc ->
                    rc.headers.add("Prefer", "odata.maxpagesize=" + limit)));
        List<InboundMessage> out = new ArrayList<>();
        for (Message m : page.getValue() == null ? List.<Message>of() : page.getValue()) {
            if (m.getAdditionalData() != null && m.getAdditionalData().containsKey("@removed")) {
                continue;
            }
            byte[] raw;
            try (InputStream in = call(() -> graph.me().messages().byMessageId(m.getId()).content().get())) {
                raw = in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Graph: reading message " + m.getId() + " failed: " + e.getMessage());
            } catch (NotFound e) {
                continue; // deleted since
            }
            Instant received = m.getReceivedDateTime() == null ? clock.instant() : m.getReceivedDateTime().toInstant();
            out.add(EmailParser.parse(ChannelKind.outlook, accountId, m.getId(), m.getConversationId(), raw, received));
        }
        String next = page.getOdataNextLink();
        String delta = page.getOdataDeltaLink();
        if (next == null && delta == null) {
            throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Graph delta answered without a next or delta link");
        }
        return new SyncPage(out, next != null ? next : delta, next != null);
    }

    @Override
    public String saveDraft(OutboundEmail email) {
        Message draft;
        if (email.replyToProviderId() != null) {
            draft = call(() -> graph.me().messages().byMessageId(email.replyToProviderId()).createReply().post(new CreateReplyPostRequestBody()));
        } else {
            Message fresh = new Message();
            fresh.setSubject(email.subject());
            Recipient to = new Recipient();
            EmailAddress address = new EmailAddress();
            address.setAddress(email.to());
            to.setEmailAddress(address);
            fresh.setToRecipients(List.of(to));
            draft = call(() -> graph.me().messages().post(fresh));
        }
        patchBody(draft.getId(), email);
        attach(draft.getId(), email);
        return draft.getId();
    }

    /** Largest file Graph takes in one {@code POST …/attachments} (larger ones need an upload session), in bytes. */
    public static final int MAX_ATTACHMENT_BYTES = 3 * 1024 * 1024;

    /** Adds the reply's files to the draft ({@code POST /me/messages/{id}/attachments}, a {@code fileAttachment} each). */
    private void attach(String draftId, OutboundEmail email) {
        for (OutboundEmail.File f : email.files()) {
            if (f.content().length > MAX_ATTACHMENT_BYTES) {
                throw new ChannelException(ChannelException.Kind.INVALID, "Outlook takes files up to 3 MB in a reply; "
                        + f.filename() + " has " + f.content().length + " bytes");
            }
            FileAttachment a = new FileAttachment();
            a.setOdataType("#microsoft.graph.fileAttachment");
            a.setName(f.filename());
            a.setContentType(f.contentType());
            a.setContentBytes(f.content());
            a.setIsInline(f.inline());
            if (f.contentId() != null) {
                a.setContentId(f.contentId());
            }
            call(() -> graph.me().messages().byMessageId(draftId).attachments().post(a));
        }
    }

    private void patchBody(String draftId, OutboundEmail email) {
        Message patch = new Message();
        ItemBody body = new ItemBody();
        body.setContentType(BodyType.Text);
        body.setContent(email.text());
        patch.setBody(body);
        call(() -> graph.me().messages().byMessageId(draftId).patch(patch));
    }

    @Override
    public void deleteDraft(String providerDraftId) {
        try {
            call(() -> {
                graph.me().messages().byMessageId(providerDraftId).delete();
                return null;
            });
        } catch (NotFound e) {
            // already gone
        }
    }

    @Override
    public Sent send(OutboundEmail email, String providerDraftId) {
        String draftId = providerDraftId;
        if (draftId != null) {
            try {
                patchBody(draftId, email);
            } catch (NotFound e) {
                draftId = null; // deleted in Outlook: draft it again
            }
        }
        if (draftId == null) {
            draftId = saveDraft(email);
        }
        String id = draftId;
        Message draft = call(() -> graph.me().messages().byMessageId(id).get(rc -> rc.queryParameters.select = new String[]{"internetMessageId"}));
        call(() -> {
            graph.me().messages().byMessageId(id).send().post();
            return null;
        });
        String messageId = draft.getInternetMessageId() == null ? email.messageId() : draft.getInternetMessageId().replaceAll("^<|>$", "");
        return new Sent(id, messageId);
    }

    /** Graph answered 404. */
    private static final class NotFound extends RuntimeException {
    }

    private <T> T call(Supplier<T> body) {
        boolean refreshed = false;
        while (true) {
            try {
                return Retries.call(body, OutlookMailbox::classify, ATTEMPTS);
            } catch (ApiException e) {
                int status = e.getResponseStatusCode();
                if (status == 401 && !refreshed) {
                    tokens.refresh();
                    refreshed = true;
                    continue;
                }
                if (status == 401) {
                    throw new ChannelException(ChannelException.Kind.NEEDS_REAUTH, "Microsoft Graph refused the token (HTTP 401)");
                }
                if (status == 404) {
                    throw new NotFound();
                }
                throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Microsoft Graph answered HTTP " + status + ": " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Microsoft Graph unreachable: " + e.getMessage());
            } catch (ChannelException | NotFound e) {
                throw e;
            } catch (RuntimeException e) {
                if (e.getCause() instanceof IOException) {
                    throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Microsoft Graph unreachable: " + e.getCause().getMessage());
                }
                throw e;
            }
        }
    }

    private static Retries.Failure classify(RuntimeException e) {
        if (e instanceof ApiException a) {
            return new Retries.Failure() {
                @Override
                public int status() {
                    return a.getResponseStatusCode();
                }

                @Override
                public String retryAfter() {
                    var values = a.getResponseHeaders() == null ? null : a.getResponseHeaders().get("Retry-After");
                    return values == null || values.isEmpty() ? null : values.iterator().next();
                }
            };
        }
        return null;
    }
}
