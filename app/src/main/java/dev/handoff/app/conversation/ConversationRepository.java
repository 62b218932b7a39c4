package dev.handoff.app.conversation;

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
interface ConversationRepository extends CrudRepository<Conversation, UUID> {

    Optional<Conversation> findByIdAndStoreId(UUID id, UUID storeId);

    @Query("""
            SELECT * FROM conversations WHERE store_id = :storeId AND merged_into IS NULL
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
              AND (CAST(:channel AS text) IS NULL OR channel = CAST(:channel AS text))
              AND (CAST(:hasDrafts AS boolean) IS NULL OR (pending_drafts > 0) = CAST(:hasDrafts AS boolean))
            ORDER BY last_activity_at DESC LIMIT :limit OFFSET :offset""")
    List<Conversation> list(UUID storeId, @Nullable String status, @Nullable String channel, @Nullable Boolean hasDrafts, int limit, int offset);

    @Query("UPDATE conversations SET pending_drafts = :pending WHERE id = :id")
    void updatePendingDrafts(UUID id, int pending);

    @Query("""
            UPDATE conversations SET last_activity_at = :at, unread_count = unread_count + :unreadIncrement,
              status = CASE WHEN status IN ('resolved', 'cancelled') AND :customer THEN 'pending' ELSE status END,
              first_message_at = CASE WHEN :customer AND first_message_at IS NULL THEN :at ELSE first_message_at END,
              first_response_at = CASE WHEN :responder AND first_response_at IS NULL AND first_message_at IS NOT NULL THEN :at
                                       ELSE first_response_at END
            WHERE id = :id""")
    void touch(UUID id, Instant at, int unreadIncrement, boolean customer, boolean responder);

    @Query("UPDATE conversations SET client_ip = CAST(:clientIp AS inet) WHERE id = :id")
    void updateClientIp(UUID id, String clientIp);

    @Query("UPDATE conversations SET status = :status WHERE id = :id")
    void updateStatus(UUID id, String status);

    @Query("UPDATE conversations SET assistant_state = :state, unanswered_count = :unanswered WHERE id = :id")
    void updateAssistantState(UUID id, String state, int unanswered);

    @Query("UPDATE conversations SET sentiment_trend = :trend WHERE id = :id")
    void updateSentimentTrend(UUID id, double trend);

    @Query("UPDATE conversations SET assignee_id = :agentId WHERE id = :id AND assignee_id IS NULL")
    void assignIfUnassigned(UUID id, UUID agentId);

    @Query("UPDATE conversations SET assignee_id = :agentId WHERE id = :id")
    void updateAssignee(UUID id, @Nullable UUID agentId);

    @Query("""
            SELECT status, count(*) AS conversations, count(*) FILTER (WHERE unread_count > 0) AS unread
            FROM conversations WHERE store_id = :storeId AND merged_into IS NULL
              AND (CAST(:channel AS text) IS NULL OR channel = CAST(:channel AS text))
              AND (CAST(:hasDrafts AS boolean) IS NULL OR (pending_drafts > 0) = CAST(:hasDrafts AS boolean))
            GROUP BY status""")
    List<StatusCount> countByStatus(UUID storeId, @Nullable String channel, @Nullable Boolean hasDrafts);

    @Query("SELECT id FROM conversations WHERE last_activity_at >= :since")
    List<UUID> findIdsActiveSince(Instant since);

    @Query("""
            SELECT c.* FROM conversations c WHERE c.store_id = :storeId AND c.merged_into IS NULL
              AND (CAST(:channel AS text) IS NULL OR c.channel = CAST(:channel AS text))
              AND (CAST(:status AS text) IS NULL OR c.status = CAST(:status AS text))
              AND (CAST(:from AS timestamptz) IS NULL OR c.last_activity_at >= CAST(:from AS timestamptz))
              AND (CAST(:to AS timestamptz) IS NULL OR c.last_activity_at < CAST(:to AS timestamptz))
              AND (c.id IN (SELECT m.conversation_id FROM messages m WHERE m.store_id = :storeId
                              AND to_tsvector('english', m.body_text) @@ plainto_tsquery('english', :text))
                   OR c.contact_id IN (SELECT k.id FROM contacts k WHERE k.store_id = :storeId AND lower(k.email) = lower(btrim(:text))))
            ORDER BY c.last_activity_at DESC LIMIT :limit OFFSET :offset""")
    List<Conversation> textSearch(UUID storeId, String text, @Nullable String channel, @Nullable String status,
                                  @Nullable Instant from, @Nullable Instant to, int limit, int offset);

    List<Conversation> findByStoreIdAndIdIn(UUID storeId, List<UUID> ids);

    @Query("UPDATE conversations SET contact_id = :contactId WHERE id = :id")
    void updateContact(UUID id, UUID contactId);

    @Query("""
            SELECT c.* FROM conversations c JOIN store_settings s ON s.store_id = c.store_id
            WHERE c.status = 'pending' AND s.auto_close_after_seconds > 0
              AND c.last_activity_at < CAST(:now AS timestamptz) - make_interval(secs => s.auto_close_after_seconds)
            UNION ALL
            SELECT c.* FROM conversations c WHERE c.status = 'pending' AND c.last_activity_at < :defaultBefore
              AND NOT EXISTS (SELECT 1 FROM store_settings s WHERE s.store_id = c.store_id)
            LIMIT :limit""")
    List<Conversation> findIdle(Instant now, Instant defaultBefore, int limit);

    @Query("SELECT count(*) FROM messages WHERE conversation_id = :conversationId AND author = :author")
    int countMessages(UUID conversationId, String author);

    @Query("UPDATE conversations SET resolution_count = resolution_count + 1, resolved_at = :at WHERE id = :id")
    void countResolution(UUID id, Instant at);

    @Query("""
            SELECT c.id FROM conversations c LEFT JOIN store_settings s ON s.store_id = c.store_id
            WHERE c.last_activity_at < CAST(:now AS timestamptz) - make_interval(days => coalesce(s.retention_days, :defaultDays))
            LIMIT :limit""")
    List<UUID> findExpired(Instant now, int defaultDays, int limit);

    void deleteByIdIn(List<UUID> ids);

    @Query("SELECT id FROM conversations WHERE contact_id = :contactId")
    List<UUID> findIdsByContact(UUID contactId);

    @Query("UPDATE conversations SET tags = :tags WHERE id = :id")
    void updateTags(UUID id, String tags);

    @Query("UPDATE conversations SET unread_count = 0 WHERE id = :id")
    void markRead(UUID id);
}
