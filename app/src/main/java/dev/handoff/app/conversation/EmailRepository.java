package dev.handoff.app.conversation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface EmailRepository extends CrudRepository<EmailRecord, UUID> {

    @Query("SELECT EXISTS (SELECT 1 FROM email_messages WHERE store_id = :storeId AND dedupe_key = :dedupeKey AND direction = 'inbound')")
    boolean inboundExists(UUID storeId, String dedupeKey);

    @Query("""
            SELECT e.conversation_id FROM email_messages e JOIN conversations c ON c.id = e.conversation_id
            WHERE e.account_id = :accountId AND e.provider_thread_id = :threadId AND c.contact_id = :contactId
            ORDER BY e.created_at DESC LIMIT 1""")
    Optional<UUID> conversationOfThread(UUID accountId, String threadId, UUID contactId);

    @Query("""
            SELECT e.* FROM email_messages e JOIN conversations c ON c.id = e.conversation_id
            WHERE e.store_id = :storeId AND e.rfc_message_id IN (:ids) AND c.contact_id = :contactId""")
    List<EmailRecord> findByRfcIds(UUID storeId, List<String> ids, UUID contactId);

    List<EmailRecord> findByConversationId(UUID conversationId);

    @Query("SELECT * FROM email_messages WHERE conversation_id = :conversationId AND direction = 'inbound' ORDER BY created_at DESC LIMIT 1")
    Optional<EmailRecord> lastInbound(UUID conversationId);

    @Query("""
            UPDATE email_messages SET delivery_status = :status, provider_id = COALESCE(:providerId, provider_id),
              rfc_message_id = COALESCE(:rfcMessageId, rfc_message_id), delivery_error = :error,
              delivery_attempts = delivery_attempts + 1 WHERE message_id = :messageId""")
    void updateDelivery(UUID messageId, String status, @io.micronaut.core.annotation.Nullable String providerId,
                        @io.micronaut.core.annotation.Nullable String rfcMessageId, @io.micronaut.core.annotation.Nullable String error);

    @Query("""
            UPDATE email_messages SET subject = NULL, from_email = NULL, to_emails = '', quoted_text = '', raw = NULL
            WHERE conversation_id = :conversationId AND direction = 'inbound'""")
    void redactInbound(UUID conversationId);

    @Query("DELETE FROM attachments WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = :conversationId AND author = 'customer')")
    void deleteCustomerAttachments(UUID conversationId);

    @Query("SELECT id, store_id, message_id, position, filename, content_type, content_id, size_bytes, ''::bytea AS content FROM attachments WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = :conversationId) ORDER BY message_id, position")
    List<Attachment> attachmentsOfConversation(UUID conversationId);

    @Query("SELECT * FROM attachments WHERE message_id = :messageId ORDER BY position")
    List<Attachment> attachmentsOfMessage(UUID messageId);

    @Query("SELECT * FROM attachments WHERE id = :id AND store_id = :storeId")
    Optional<Attachment> findAttachment(UUID id, UUID storeId);

    @Query("""
            INSERT INTO attachments (id, store_id, message_id, position, filename, content_type, content_id, size_bytes, content)
            VALUES (:id, :storeId, :messageId, :position, :filename, :contentType, :contentId, :sizeBytes, :content)""")
    void insertAttachment(UUID id, UUID storeId, UUID messageId, int position, @io.micronaut.core.annotation.Nullable String filename,
                          String contentType, @io.micronaut.core.annotation.Nullable String contentId,
                          int sizeBytes, byte[] content);
}
