package dev.handoff.app.conversation;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** What the inbox shows about a conversation and agents change: assignee, tags, read marks, drafts waiting. */
@Singleton
public class ConversationTriage {

    private final ConversationRepository conversations;
    private final ApplicationEventPublisher<ConversationRead> read;
    private final ApplicationEventPublisher<ConversationChanged> changed;
    private final Clock clock;

    ConversationTriage(ConversationRepository conversations, ApplicationEventPublisher<ConversationRead> read,
                       ApplicationEventPublisher<ConversationChanged> changed, Clock clock) {
        this.conversations = conversations;
        this.read = read;
        this.changed = changed;
        this.clock = clock;
    }

    /**
     * Assigns the conversation to an agent, or hands it back to the assistant with {@code null}: while a person
     * has it, the assistant stays silent ("take over").
     */
    @Transactional
    public void assign(Conversation conversation, @Nullable UUID agentId) {
        conversations.updateAssignee(conversation.id(), agentId);
        changed.publishEvent(new ConversationChanged(conversation.id()));
    }

    /**
     * Replaces the tags ({@link Tags#normalise}).
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for invalid tags
     */
    @Transactional
    public void setTags(Conversation conversation, @Nullable List<String> tags) {
        conversations.updateTags(conversation.id(), Tags.normalise(tags));
        changed.publishEvent(new ConversationChanged(conversation.id()));
    }

    /** Marks every message as read by an agent. */
    @Transactional
    public void markRead(UUID conversationId) {
        conversations.markRead(conversationId);
        read.publishEvent(new ConversationRead(conversationId, clock.instant()));
        changed.publishEvent(new ConversationChanged(conversationId)); // the inbox's unread badges follow
    }

    /** Records how many drafts of the conversation wait for review (the drafts queue keeps it). */
    @Transactional
    public void setPendingDrafts(UUID conversationId, int pending) {
        conversations.updatePendingDrafts(conversationId, pending);
        changed.publishEvent(new ConversationChanged(conversationId));
    }
}
