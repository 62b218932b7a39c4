package dev.handoff.app.conversation;

import java.util.UUID;

/** Published in the transaction that resolved a conversation. @param conversationId the conversation */
public record ConversationResolved(UUID conversationId) {
}
