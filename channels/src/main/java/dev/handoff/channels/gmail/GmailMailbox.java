package dev.handoff.channels.gmail;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.Draft;
import com.google.api.services.gmail.model.History;
import com.google.api.services.gmail.model.HistoryMessageAdded;
import com.google.api.services.gmail.model.ListHistoryResponse;
import com.google.api.services.gmail.model.ListMessagesResponse;
import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.Profile;
import dev.handoff.channels.mail.EmailParser;
import dev.handoff.channels.mail.MimeComposer;
import dev.handoff.channels.oauth.OAuthTokens;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.ChannelKind;
import dev.handoff.channels.spi.InboundMessage;
import dev.handoff.channels.spi.Mailbox;
import dev.handoff.channels.spi.OutboundEmail;
import dev.handoff.channels.spi.Retries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Gmail mailbox through the Gmail API v1 ({@code google-api-services-gmail}). Incremental sync with
 * {@code users.history.list} from the stored history id (cursor {@code h:<historyId>}); when Gmail
 * answers 404 for an expired history id, or before the first sync, a full sync lists the INBOX of the
 * last {@value #FULL_SYNC_DAYS} days (cursor {@code full:<historyId>:<pageToken>} while paging) and
 * continues from the history id read before it. Messages are read with {@code format=raw} and parsed
 * as MIME. Drafts through {@code users.drafts} with the Gmail {@code threadId}; sending through
 * {@code drafts.send} (or {@code messages.send}). 401 refreshes the token once; 429 and 5xx are
 * retried honouring {@code Retry-After}.
 */
public final class GmailMailbox implements Mailbox {

    static final int FULL_SYNC_DAYS = 7;
    private static final String ME = "me";
    private static final int ATTEMPTS = 4;

    private final Gmail gmail;
    private final OAuthTokens tokens;
    private final String address;
    private final String accountId;

    /**
     * @param rootUrl Gmail API root, {@code https://gmail.googleapis.com/} in production
     * @param address the mailbox's address
     */
    public GmailMailbox(String rootUrl, OAuthTokens tokens, String address, String accountId, Duration timeout) {
        this.tokens = tokens;
        this.address = address;
        this.accountId = accountId;
        this.gmail = new Gmail.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), request -> {
            request.getHeaders().setAuthorization("Bearer " + tokens.accessToken());
            request.setConnectTimeout((int) timeout.toMillis());
            request.setReadTimeout((int) timeout.toMillis());
        }).setRootUrl(rootUrl).setApplicationName("Handoff").build();
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.gmail;
    }

    /** @return the mailbox's address and current history id ({@code users.getProfile}) */
    public Profile profile() {
        return call(() -> gmail.users().getProfile(ME).execute());
    }

    @Override
    public SyncPage fetch(String cursor, int limit) {
        if (cursor == null) {
            return fullSync(profile().getHistoryId().toString(), null, limit);
        }
        if (cursor.startsWith("full:")) {
            String[] parts = cursor.split(":", 3);
            return fullSync(parts[1], parts[2].isEmpty() ? null : parts[2], limit);
        }
        String historyId = cursor.substring(2);
        ListHistoryResponse page;
        try {
            page = call(() -> gmail.users().history().list(ME).setStartHistoryId(new BigInteger(historyId))
                    .setHistoryTypes(List.of("messageAdded")).setLabelId("INBOX").setMaxResults((long) limit).execute());
        } catch (ChannelException e) {
            throw e;
        } catch (NotFound e) {
            return fullSync(profile().getHistoryId().toString(), null, limit);
        }
        Set<String> ids = new LinkedHashSet<>();
        String last = historyId;
        for (History h : page.getHistory() == null ? List.<History>of() : page.getHistory()) {
            for (HistoryMessageAdded added : h.getMessagesAdded() == null ? List.<HistoryMessageAdded>of() : h.getMessagesAdded()) {
                ids.add(added.getMessage().getId());
            }
            last = h.getId().toString();
        }
        List<InboundMessage> messages = read(ids);
        boolean more = page.getNextPageToken() != null;
        return new SyncPage(messages, "h:" + (more ? last : page.getHistoryId().toString()), more);
    }

    private SyncPage fullSync(String historyId, String pageToken, int limit) {
        ListMessagesResponse page = call(() -> gmail.users().messages().list(ME).setLabelIds(List.of("INBOX"))
                .setQ("newer_than:" + FULL_SYNC_DAYS + "d").setMaxResults((long) limit).setPageToken(pageToken).execute());
        List<String> ids = new ArrayList<>();
        for (Message m : page.getMessages() == null ? List.<Message>of() : page.getMessages()) {
            ids.add(0, m.getId()); // the list is newest first; store oldest first
        }
        List<InboundMessage> messages = read(new LinkedHashSet<>(ids));
        String next = page.getNextPageToken();
        return new SyncPage(messages, next == null ? "h:" + historyId : "full:" + historyId + ":" + next, next != null);
    }

    private List<InboundMessage> read(Set<String> ids) {
        List<InboundMessage> out = new ArrayList<>();
        for (String id : ids) {
            Message m;
            try {
                m = call(() -> gmail.users().messages().get(ME, id).setFormat("raw").execute());
            } catch (NotFound e) {
                continue; // deleted since
            }
            List<String> labels = m.getLabelIds() == null ? List.of() : m.getLabelIds();
            if (labels.contains("DRAFT") || labels.contains("SENT") && !labels.contains("INBOX")) {
                continue;
            }
            Instant received = m.getInternalDate() == null ? Instant.now() : Instant.ofEpochMilli(m.getInternalDate());
            out.add(EmailParser.parse(ChannelKind.gmail, accountId, m.getId(), m.getThreadId(), m.decodeRaw(), received));
        }
        return out;
    }

    @Override
    public String saveDraft(OutboundEmail email) {
        Draft draft = new Draft().setMessage(message(email));
        return call(() -> gmail.users().drafts().create(ME, draft).execute()).getId();
    }

    @Override
    public void deleteDraft(String providerDraftId) {
        try {
            call(() -> gmail.users().drafts().delete(ME, providerDraftId).execute());
        } catch (NotFound e) {
            // already gone
        }
    }

    @Override
    public Sent send(OutboundEmail email, String providerDraftId) {
        Message sent = null;
        if (providerDraftId != null) {
            try {
                sent = call(() -> gmail.users().drafts().send(ME, new Draft().setId(providerDraftId).setMessage(message(email))).execute());
            } catch (NotFound e) {
                sent = null; // the draft was deleted in Gmail: send the reply as a message
            }
        }
        if (sent == null) {
            sent = call(() -> gmail.users().messages().send(ME, message(email)).execute());
        }
        return new Sent(sent.getId(), email.messageId());
    }

    private Message message(OutboundEmail email) {
        return new Message().setRaw(Base64.getUrlEncoder().withoutPadding().encodeToString(MimeComposer.bytes(email, address)))
                .setThreadId(email.threadKey());
    }

    /** Gmail answered 404. */
    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private interface GmailCall<T> {
        T run() throws IOException;
    }

    private <T> T call(GmailCall<T> body) {
        boolean refreshed = false;
        while (true) {
            try {
                return Retries.call(() -> {
                    try {
                        return body.run();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, GmailMailbox::classify, ATTEMPTS);
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof HttpResponseException h) {
                    int status = h.getStatusCode();
                    if (status == 404) {
                        throw new NotFound(h.getMessage());
                    }
                    if (status == 401 && !refreshed) {
                        tokens.refresh();
                        refreshed = true;
                        continue;
                    }
                    if (status == 401 || status == 403 && isAuthError(h)) {
                        throw new ChannelException(ChannelException.Kind.NEEDS_REAUTH, "Gmail refused the token (HTTP " + status + ")");
                    }
                    throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Gmail answered HTTP " + status + ": " + h.getStatusMessage());
                }
                throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Gmail unreachable: " + e.getCause().getMessage());
            }
        }
    }

    private static boolean isAuthError(HttpResponseException h) {
        return h instanceof GoogleJsonResponseException g && g.getDetails() != null && g.getDetails().getErrors() != null
                && g.getDetails().getErrors().stream().anyMatch(err -> "insufficientPermissions".equals(err.getReason())
                || "authError".equals(err.getReason()));
    }

    private static Retries.Failure classify(RuntimeException e) {
        if (e instanceof UncheckedIOException u && u.getCause() instanceof HttpResponseException h) {
            return new Retries.Failure() {
                @Override
                public int status() {
                    return h.getStatusCode();
                }

                @Override
                public String retryAfter() {
                    return h.getHeaders() == null ? null : h.getHeaders().getFirstHeaderStringValue("Retry-After");
                }
            };
        }
        return null;
    }
}
