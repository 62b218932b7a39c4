package dev.handoff.app.search;

import java.time.Instant;
import java.util.List;

/**
 * The merchant search index over conversations: BM25 over messages, subjects, customer name and
 * email, order and ticket numbers (every query word required); kNN over each conversation's mean
 * customer-message embedding, hits counting only from the model's search similarity; fused with
 * {@link ReciprocalRankFusion}; every query filtered to one store. A query that is one identifier
 * (order or ticket number, email address, phone number: {@link SearchAnalysis.Identifier}) is an exact
 * lookup without the kNN ranking. Writes become
 * searchable within a second. Implementations: {@link LuceneConversationIndex}
 * (default) and {@link ElasticsearchConversationIndex}; {@code SearchIndexContract} runs
 * against both. Failures of a remote backend surface as {@link SearchUnavailableException}.
 */
public interface ConversationIndex {

    /** Adds or replaces a conversation. */
    void upsert(ConversationDocument document);

    /** Removes a conversation (deleted by retention); unknown ids are ignored. */
    void delete(java.util.UUID conversationId);

    /** Adds or replaces conversations (one bulk request where the backend has them). */
    default void upsertAll(List<ConversationDocument> documents) {
        documents.forEach(this::upsert);
    }

    /** Starts a full rebuild; see {@link IndexRebuild}. @throws IllegalStateException when one is already running */
    IndexRebuild<ConversationDocument> rebuild();

    /**
     * @return one page of hits and the number of matching conversations (for relevance queries,
     *         the number of candidates both rankings returned)
     */
    Page search(ConversationQuery query);

    /** @return the newest {@code lastActivityAt} indexed, or {@code null} when the index is empty */
    Instant newestActivity();

    /** @param total matching conversations @param hits this page */
    record Page(long total, List<ConversationHit> hits) {
    }
}
