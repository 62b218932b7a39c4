package dev.handoff.channels.spi;

import java.time.Duration;
import java.util.List;

/**
 * An email channel account (a Gmail or Microsoft 365 mailbox, any IMAP mailbox): reads what arrived,
 * keeps drafts in the mailbox's own Drafts, and sends. One instance per connected account; the app
 * owns the sync cursor and stores it only after the messages before it are stored.
 * <p>
 * Every method throws {@link ChannelException}: {@code NEEDS_REAUTH} when the provider refused the
 * account's credentials (revoked token, {@code invalid_grant}, 401, bad password), {@code UNAVAILABLE}
 * when it failed in a way a later retry may fix (the adapter already retried 429 and 5xx answers,
 * honouring {@code Retry-After}).
 */
public interface Mailbox extends ChannelAdapter, AutoCloseable {

    /**
     * Reads the messages that arrived after {@code cursor}, oldest first.
     *
     * @param cursor where the previous page ended ({@link SyncPage#cursor()}), or {@code null} to start from now
     *               (Gmail, Graph) or from the first message (IMAP)
     * @param limit  at most this many messages
     * @return the messages and the cursor after them
     */
    SyncPage fetch(String cursor, int limit);

    /**
     * Waits until the mailbox may hold new mail, or {@code max} passes. IMAP uses IDLE (RFC 2177) where the
     * server supports it; the others (and IMAP without IDLE) wait {@code max}, which makes them poll.
     */
    default void awaitNew(Duration max) throws InterruptedException {
        Thread.sleep(max.toMillis());
    }

    /**
     * Saves a reply in the mailbox's Drafts.
     *
     * @return the provider's draft id (Gmail draft id, Graph message id, IMAP Message-ID of the draft)
     */
    String saveDraft(OutboundEmail email);

    /** Deletes a draft saved by {@link #saveDraft}; a draft that is already gone is not an error. */
    void deleteDraft(String providerDraftId);

    /**
     * Sends a reply, threaded (RFC 5322 In-Reply-To and References; the provider's thread where it has one).
     *
     * @param providerDraftId the draft saved for it, sent (Gmail, Graph) or removed (IMAP) in its place; or {@code null}
     * @return what the provider assigned
     */
    Sent send(OutboundEmail email, String providerDraftId);

    @Override
    default void close() {
    }

    /**
     * A page of a sync.
     *
     * @param messages messages read, oldest first
     * @param cursor   where the next page starts; store it once {@code messages} are stored
     * @param more     whether more messages are waiting now
     */
    record SyncPage(List<InboundMessage> messages, String cursor, boolean more) {
        public SyncPage {
            messages = List.copyOf(messages);
        }
    }

    /**
     * A message that went out.
     *
     * @param providerId the provider's id for it, or {@code null} when it gives none (SMTP)
     * @param messageId  the RFC 5322 Message-ID it went out with, without angle brackets
     */
    record Sent(String providerId, String messageId) {
    }
}
