package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A conversation row of the inbox.
 *
 * @param id             conversation id
 * @param status         {@code pending|resolved|escalated|cancelled}
 * @param channel        {@code widget|gmail|outlook|imap}
 * @param contact        the shopper
 * @param unreadCount    unread customer messages
 * @param sentimentTrend weighted mean sentiment in [-1, 1], or {@code null}
 * @param sentiment      the trend's class ({@link Sentiment#ofScore}): what the inbox row shows, or {@code null}
 * @param tags           tags
 * @param assigneeId     assigned agent, or {@code null}
 * @param lastMessage    the newest message, or {@code null}
 * @param lastActivityAt time of the newest message (UTC)
 * @param createdAt      creation time (UTC)
 * @param pendingDrafts  drafts waiting for review (email conversations)
 * @param mergedInto     the conversation this one was merged into (it is only a pointer and leaves the inbox), or {@code null}
 */
@Serdeable
public record ConversationSummary(UUID id, ConversationStatus status, String channel, ContactView contact,
                                  int unreadCount, @Nullable Double sentimentTrend, @Nullable Sentiment sentiment, List<String> tags,
                                  @Nullable UUID assigneeId, @Nullable MessageView lastMessage,
                                  Instant lastActivityAt, Instant createdAt, int pendingDrafts,
                                  @Nullable UUID mergedInto) {

    static ConversationSummary of(Conversation c, Contact contact, MessageView last) {
        List<String> tags = c.tags().isBlank() ? List.of() : Arrays.asList(c.tags().split(","));
        return new ConversationSummary(c.id(), c.status(), c.channel(), ContactView.of(contact), c.unreadCount(),
                c.sentimentTrend(), Sentiment.ofScore(c.sentimentTrend()), tags, c.assigneeId(), last, c.lastActivityAt(), c.createdAt(), c.pendingDrafts(),
                c.mergedInto());
    }

    /** @param id contact id @param name name or null @param email email or null */
    @Serdeable
    public record ContactView(UUID id, @Nullable String name, @Nullable String email) {
        static ContactView of(Contact c) {
            return c == null ? null : new ContactView(c.id(), c.name(), c.email());
        }
    }
}
