package dev.handoff.app.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * An agent read a conversation's messages (published in the marking transaction).
 *
 * @param conversationId the conversation
 * @param at             when (UTC)
 */
public record ConversationRead(UUID conversationId, Instant at) {
}
