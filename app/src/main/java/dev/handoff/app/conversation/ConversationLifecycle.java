package dev.handoff.app.conversation;

import dev.handoff.app.security.Tokens;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Opens, resolves, cancels and reopens conversations. */
@Singleton
public class ConversationLifecycle {

    private final ConversationRepository conversations;
    private final MessageAppender appender;
    private final ApplicationEventPublisher<ConversationResolved> resolved;
    private final ApplicationEventPublisher<ConversationChanged> changed;
    private final Clock clock;

    ConversationLifecycle(ConversationRepository conversations, MessageAppender appender,
                          ApplicationEventPublisher<ConversationResolved> resolved, ApplicationEventPublisher<ConversationChanged> changed,
                          Clock clock) {
        this.conversations = conversations;
        this.appender = appender;
        this.resolved = resolved;
        this.changed = changed;
        this.clock = clock;
    }

    /**
     * Opens a conversation.
     *
     * @param visitorToken widget conversations: the visitor's token (only its hash is stored); else {@code null}
     */
    @Transactional
    public Conversation open(UUID storeId, String channel, Contact contact, @Nullable String visitorToken) {
        Instant now = clock.instant();
        return conversations.save(new Conversation(UUID.randomUUID(), storeId, channel, contact.id(),
                ConversationStatus.pending, 0, null, "", null,
                visitorToken == null ? null : Tokens.hash(visitorToken), Conversation.IDLE, 0, now, now, 0, null, null, null, 0, null));
    }

    /**
     * Opens a widget conversation and records the address it was started from (for the per-address
     * language-model budget; kept a few days only).
     *
     * @param visitorToken  the visitor's token (only its hash is stored)
     * @param clientAddress the shopper's address ({@link dev.handoff.app.security.ClientAddresses}), or {@code null}
     */
    @Transactional
    public Conversation openWidget(UUID storeId, Contact contact, String visitorToken, @Nullable java.net.InetAddress clientAddress) {
        Conversation c = open(storeId, "widget", contact, visitorToken);
        if (clientAddress != null) {
            conversations.updateClientIp(c.id(), clientAddress.getHostAddress());
        }
        return c;
    }

    /** Sets the status; a status change is not a message. */
    @Transactional
    public void setStatus(UUID conversationId, ConversationStatus status) {
        conversations.updateStatus(conversationId, status.name());
        changed.publishEvent(new ConversationChanged(conversationId));
    }

    /** Resolves the conversation (a system message records it); publishes {@link ConversationResolved}. */
    @Transactional
    public void resolve(Conversation conversation) {
        resolve(conversation, "Conversation resolved");
    }

    /** Resolves with {@code systemMessage} recorded (the assistant's state starts afresh); publishes {@link ConversationResolved}; already resolved: nothing happens. */
    @Transactional
    public void resolve(Conversation conversation, String systemMessage) {
        if (conversation.status() == ConversationStatus.resolved) {
            return; // a second click on Resolve is not a second resolution (no second survey or transcript)
        }
        setStatus(conversation.id(), ConversationStatus.resolved);
        conversations.countResolution(conversation.id(), clock.instant());
        // whatever the assistant was waiting for, and its count of unanswered messages, end with the resolution
        conversations.updateAssistantState(conversation.id(), Conversation.IDLE, 0);
        appender.append(conversation, NewMessage.system(systemMessage));
        resolved.publishEvent(new ConversationResolved(conversation.id()));
    }

    /** Cancels an abandoned conversation (no survey), recording {@code systemMessage}. */
    @Transactional
    public void cancel(Conversation conversation, String systemMessage) {
        setStatus(conversation.id(), ConversationStatus.cancelled);
        appender.append(conversation, NewMessage.system(systemMessage));
    }

    /** Reopens a resolved or cancelled conversation as pending (a system message records it). */
    @Transactional
    public void reopen(Conversation conversation) {
        setStatus(conversation.id(), ConversationStatus.pending);
        appender.append(conversation, NewMessage.system("Conversation reopened"));
    }

    /**
     * @param now          the time to judge idleness at
     * @param defaultAfter idle time of stores without their own auto-close setting
     * @param limit        at most this many
     * @return pending conversations idle longer than their store's auto-close time (24 h by default)
     */
    public List<Conversation> idle(Instant now, Duration defaultAfter, int limit) {
        return conversations.findIdle(now, now.minus(defaultAfter), limit);
    }
}
