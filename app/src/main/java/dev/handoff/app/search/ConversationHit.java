package dev.handoff.app.search;

import java.util.UUID;

/**
 * One conversation found.
 *
 * @param conversationId the conversation
 * @param score          fused relevance (reciprocal rank fusion; 0 when sorted by date without words)
 * @param snippet        the best matching passage, HTML-escaped, matches wrapped in {@code <mark>}
 */
public record ConversationHit(UUID conversationId, double score, String snippet) {
}
