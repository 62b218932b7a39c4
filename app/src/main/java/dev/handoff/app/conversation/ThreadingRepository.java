package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.UUID;

/** Candidates for threading and the decisions recorded ({@code email_threading}). */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ThreadingRepository extends GenericRepository<EmailRecord, UUID> {

    String CANDIDATE = """
            SELECT e.message_id, e.conversation_id, c.contact_id, e.account_id, e.rfc_message_id, e.subject, e.auto_submitted, e.created_at
            FROM email_messages e JOIN conversations c ON c.id = e.conversation_id""";

    @Query(CANDIDATE + " WHERE e.store_id = :storeId AND e.rfc_message_id IN (:ids)")
    List<ThreadCandidate> byRfcIds(UUID storeId, List<String> ids);

    @Query(CANDIDATE + " WHERE e.account_id = :accountId AND e.provider_thread_id = :threadId ORDER BY e.created_at DESC LIMIT 50")
    List<ThreadCandidate> byProviderThread(UUID accountId, String threadId);

    @Query(CANDIDATE + " WHERE c.contact_id = :contactId AND e.account_id = :accountId AND e.subject IS NOT NULL"
            + " ORDER BY e.created_at DESC LIMIT 200")
    List<ThreadCandidate> byParticipants(UUID contactId, UUID accountId);

    @Query("""
            INSERT INTO email_threading (message_id, store_id, rule, matched_message_id, window_hours, rejected)
            VALUES (:messageId, :storeId, :rule, :matchedMessageId, :windowHours, CAST(:rejected AS jsonb))""")
    void insert(UUID messageId, UUID storeId, String rule, @Nullable UUID matchedMessageId, @Nullable Integer windowHours, String rejected);

    @Query("""
            SELECT t.message_id, t.rule, t.matched_message_id, t.window_hours, t.rejected::text AS rejected
            FROM email_threading t JOIN messages m ON m.id = t.message_id WHERE m.conversation_id = :conversationId""")
    List<Row> ofConversation(UUID conversationId);

    /** A stored decision; {@code rejected} is the JSON array of {@link Threading.Rejection}. */
    @Introspected
    record Row(UUID messageId, String rule, @Nullable UUID matchedMessageId, @Nullable Integer windowHours, String rejected) {
    }
}
