package dev.handoff.app.conversation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface MessageRepository extends CrudRepository<Message, UUID> {

    /**
     * @return the conversation's messages in thread order: by time, and messages of the same time (two emails whose
     *         Date headers name the same second) in the order they were stored
     */
    @Query("SELECT * FROM messages WHERE conversation_id = :conversationId ORDER BY created_at, seq")
    List<Message> findThread(UUID conversationId);

    Optional<Message> findByConversationIdAndIdempotencyKey(UUID conversationId, String idempotencyKey);

    @Query("SELECT * FROM (SELECT * FROM messages WHERE conversation_id = :conversationId ORDER BY created_at DESC, seq DESC LIMIT :limit) m ORDER BY created_at, seq")
    List<Message> findRecent(UUID conversationId, int limit);

    @Query("SELECT DISTINCT ON (conversation_id) * FROM messages WHERE conversation_id IN (:ids) ORDER BY conversation_id, created_at DESC, seq DESC")
    List<Message> findLastOf(List<UUID> ids);

    @Query("UPDATE messages SET body_text = :text, body_html = NULL, embedding = NULL WHERE conversation_id = :conversationId AND author = 'customer'")
    int redactCustomerMessages(UUID conversationId, String text);

    /**
     * Forgets the FAQ phrasings a shopper suggested ({@code PhrasingSuggestions}): they quote the shopper. Those made as
     * this contact, and those from messages now in the contact's conversations (merged in).
     */
    @Query("""
            DELETE FROM faq_phrasing_suggestions WHERE contact_id = :contactId OR message_id IN (
              SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = :contactId)""")
    void deletePhrasingSuggestions(UUID contactId);

    @Query("INSERT INTO unanswered_messages (message_id, store_id, created_at) VALUES (:messageId, :storeId, :createdAt) ON CONFLICT DO NOTHING")
    void insertUnanswered(UUID messageId, UUID storeId, java.time.Instant createdAt);

    @Query("UPDATE messages SET sentiment = :sentiment, sentiment_score = :score, embedding = :embedding, language = :language WHERE id = :id")
    void updateAnalysis(UUID id, String sentiment, double score, byte[] embedding, @io.micronaut.core.annotation.Nullable String language);
}
