package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.Tokens;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Finds one conversation or its messages, checking who may see it. Reads only (one of them locks the row it reads). */
@Singleton
public class ConversationLookup {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final JdbcOperations jdbc;

    ConversationLookup(ConversationRepository conversations, MessageRepository messages, JdbcOperations jdbc) {
        this.conversations = conversations;
        this.messages = messages;
        this.jdbc = jdbc;
    }

    /**
     * The conversation a widget visitor may see.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 401 without a token, 404 for an unknown id or a wrong token
     */
    public Conversation requireVisitorConversation(UUID conversationId, @Nullable String visitorToken) {
        if (visitorToken == null || visitorToken.isBlank()) {
            throw Problems.unauthorized("Missing X-Visitor-Token");
        }
        return conversations.findById(conversationId)
                .filter(c -> Tokens.matches(visitorToken, c.visitorTokenHash()))
                .orElseThrow(() -> Problems.notFound("Conversation"));
    }

    /** @return the store's conversation; 404 problem when it belongs to no such store */
    public Conversation require(UUID storeId, UUID conversationId) {
        return conversations.findByIdAndStoreId(conversationId, storeId).orElseThrow(() -> Problems.notFound("Conversation"));
    }

    /** @return the conversation with this id, whatever its store (jobs only) */
    public Optional<Conversation> find(UUID conversationId) {
        return conversations.findById(conversationId);
    }

    /**
     * @return the conversation, its row locked until the caller's transaction ends ({@code FOR NO KEY UPDATE}: a
     *         message inserted meanwhile is not held up by the lock, a change to the conversation waits for it)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Conversation> lock(UUID conversationId) {
        boolean found = jdbc.prepareStatement("SELECT 1 FROM conversations WHERE id = ? FOR NO KEY UPDATE", s -> {
            s.setObject(1, conversationId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        });
        return found ? conversations.findById(conversationId) : Optional.empty();
    }

    /** @return the message with this id */
    public Optional<Message> findMessage(UUID messageId) {
        return messages.findById(messageId);
    }

    /** @return the conversation's newest {@code limit} messages, oldest first */
    public List<Message> recentMessages(UUID conversationId, int limit) {
        return messages.findRecent(conversationId, limit);
    }

    /** @return the conversation's messages, oldest first */
    public List<Message> messages(UUID conversationId) {
        return messages.findThread(conversationId);
    }

    /** @return how many messages {@code author} wrote in the conversation */
    public int messageCount(UUID conversationId, Author author) {
        return conversations.countMessages(conversationId, author.name());
    }
}
