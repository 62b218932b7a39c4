package dev.handoff.app.drafts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface DraftRepository extends CrudRepository<Draft, UUID> {

    Optional<Draft> findByIdAndStoreId(UUID id, UUID storeId);

    @Query("""
            SELECT * FROM drafts WHERE store_id = :storeId AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
            AND (CAST(:conversationId AS uuid) IS NULL OR conversation_id = CAST(:conversationId AS uuid))
            ORDER BY created_at LIMIT :limit""")
    List<Draft> list(UUID storeId, @Nullable String status, @Nullable UUID conversationId, int limit);

    List<Draft> findByConversationIdOrderByCreatedAt(UUID conversationId);

    Optional<Draft> findBySentMessageId(UUID sentMessageId);

    /** The draft with its row locked until the transaction ends (an approval waits for it). */
    @Query("SELECT * FROM drafts WHERE id = :id FOR UPDATE")
    Optional<Draft> lock(UUID id);

    @Query("UPDATE drafts SET status = :to, reviewer_id = :reviewerId, body = :body, updated_at = :at WHERE id = :id AND store_id = :storeId AND status = :from")
    int transition(UUID id, UUID storeId, String from, String to, @Nullable UUID reviewerId, String body, Instant at);

    @Query("UPDATE drafts SET sent_message_id = :messageId WHERE id = :id")
    void setSentMessage(UUID id, UUID messageId);

    @Query("UPDATE drafts SET status = 'sent', updated_at = :at WHERE sent_message_id = :messageId AND status = 'approved'")
    void markSent(UUID messageId, Instant at);

    @Query("UPDATE drafts SET provider_draft_id = :providerDraftId, last_error = :error WHERE id = :id")
    void setProviderDraft(UUID id, @Nullable String providerDraftId, @Nullable String error);

    @Query("SELECT count(*) FROM drafts WHERE conversation_id = :conversationId AND status = 'pending'")
    long countPending(UUID conversationId);

    @Query("SELECT id FROM drafts WHERE conversation_id = :conversationId")
    List<UUID> idsOf(UUID conversationId);

    @Query("SELECT id FROM drafts WHERE conversation_id = :conversationId AND in_reply_to_message IN (:messageIds)")
    List<UUID> idsAnswering(UUID conversationId, List<UUID> messageIds);

    @Query("UPDATE drafts SET conversation_id = :to WHERE conversation_id = :from AND id IN (:ids)")
    void rehome(List<UUID> ids, UUID from, UUID to);
}
