package dev.handoff.app.search;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A merchant search over conversations. Every field but {@code storeId} is optional.
 *
 * @param storeId         only this store's conversations are searched
 * @param text            the words typed, every one of which (English stop words aside) a keyword hit holds; the
 *                        last word counts as a prefix unless followed by a space; a text that is one identifier
 *                        ({@code #1042}, {@code 1042}, {@code order 1042}, an email address, a phone number) is an
 *                        exact lookup in every mode, with no vector ranking ({@link SearchAnalysis#query})
 * @param channel         exact channel
 * @param status          exact status
 * @param sentiment       sentiment of the latest customer message
 * @param from            last activity at or after (inclusive)
 * @param to              last activity before (exclusive)
 * @param hasTicket       whether a ticket was opened
 * @param hasPendingDraft whether a draft waits for review
 * @param mode            which rankings answer {@code text}: BM25, kNN, or both fused (the default)
 * @param sortByDate      newest activity first instead of relevance
 * @param limit           page size, 1..100
 * @param offset          results to skip, 0..1000
 */
public record ConversationQuery(UUID storeId, @Nullable String text, @Nullable String channel, @Nullable String status,
                                @Nullable String sentiment, @Nullable Instant from, @Nullable Instant to,
                                @Nullable Boolean hasTicket, @Nullable Boolean hasPendingDraft, SearchMode mode, boolean sortByDate,
                                int limit, int offset) {
}
