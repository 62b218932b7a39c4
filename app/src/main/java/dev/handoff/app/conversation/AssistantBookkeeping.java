package dev.handoff.app.conversation;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** What the assistant records about a conversation as it reads it: sentiment, embeddings, its flow's state, unanswered questions. */
@Singleton
public class AssistantBookkeeping {

    /** Weight of the newest score in the sentiment trend (exponentially weighted mean). */
    private static final double TREND_WEIGHT = 0.5;

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final ApplicationEventPublisher<ConversationChanged> changed;

    AssistantBookkeeping(ConversationRepository conversations, MessageRepository messages,
                         ApplicationEventPublisher<ConversationChanged> changed) {
        this.conversations = conversations;
        this.messages = messages;
        this.changed = changed;
    }

    /**
     * Stores what the assistant read in a customer message (sentiment, embedding, language) and folds the
     * sentiment score into the conversation's trend.
     *
     * @param score    in [-1, 1]
     * @param vector   the text's embedding
     * @param language ISO 639-1 code of its language, or {@code null} when not detected
     * @return the new trend
     */
    @Transactional
    public double recordAnalysis(Message message, Sentiment sentiment, double score, float[] vector,
                                 @io.micronaut.core.annotation.Nullable String language) {
        messages.updateAnalysis(message.id(), sentiment.name(), score, Message.bytes(vector), language);
        changed.publishEvent(new ConversationChanged(message.conversationId()));
        Conversation c = conversations.findById(message.conversationId()).orElseThrow();
        double trend = c.sentimentTrend() == null ? score : TREND_WEIGHT * score + (1 - TREND_WEIGHT) * c.sentimentTrend();
        conversations.updateSentimentTrend(c.id(), trend);
        return trend;
    }

    /** Records that the assistant could not answer a customer message (analytics: unanswered questions). */
    @Transactional
    public void recordUnanswered(Message message) {
        messages.insertUnanswered(message.id(), message.storeId(), message.createdAt());
    }

    /** Stores where the assistant's flow stands in this conversation. */
    @Transactional
    public void setAssistantState(UUID conversationId, String state, int unansweredCount) {
        conversations.updateAssistantState(conversationId, state, unansweredCount);
    }
}
