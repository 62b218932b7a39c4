package dev.handoff.app.conversation;

import java.util.UUID;

/**
 * Published inside every transaction that changes what a conversation shows (a message, a status,
 * the shopper's email, a message's analysis); search re-indexes the conversation from it.
 *
 * @param conversationId the conversation
 */
public record ConversationChanged(UUID conversationId) {
}
