package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.UUID;

/**
 * Why an inbound email was placed in its conversation, as {@link EmailThreading} decided it.
 *
 * @param rule             {@code in-reply-to} (its In-Reply-To names a stored message), {@code references} (one of its
 *                         References ids, newest first), {@code provider-thread} (Gmail threadId / Graph conversationId),
 *                         {@code subject+participants} (same subject, same sender and mailbox, within {@code windowHours}),
 *                         or {@code new} (it started a conversation)
 * @param matchedMessageId the stored message it was matched to, or {@code null} for {@code new}
 * @param windowHours      the subject rule's time window in hours when that rule was tried, else {@code null}
 * @param rejected         candidates turned down, in the order they were tried
 */
@Serdeable
public record Threading(String rule, @Nullable UUID matchedMessageId, @Nullable Integer windowHours, List<Rejection> rejected) {

    /** Threaded by the In-Reply-To header. */
    public static final String IN_REPLY_TO = "in-reply-to";
    /** Threaded by the References header. */
    public static final String REFERENCES = "references";
    /** Threaded by the provider's own thread id. */
    public static final String PROVIDER_THREAD = "provider-thread";
    /** Threaded by subject, sender and mailbox within a time window. */
    public static final String SUBJECT = "subject+participants";
    /** Started a new conversation. */
    public static final String NEW = "new";

    public Threading {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    /**
     * A candidate conversation the email was not placed in.
     *
     * @param conversationId the candidate's conversation
     * @param messageId      the stored message that made it a candidate
     * @param reason         {@code different-participants} (another shopper's conversation, e.g. replies to one newsletter),
     *                       {@code bulk-sender} (the candidate, or the email itself, is bulk or automatic mail),
     *                       {@code too-old} (same subject but older than the window), {@code changed-subject} (a reply
     *                       whose new subject starts a new topic)
     */
    @Serdeable
    public record Rejection(UUID conversationId, UUID messageId, String reason) {
    }
}
