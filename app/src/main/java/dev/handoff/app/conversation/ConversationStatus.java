package dev.handoff.app.conversation;

/**
 * Conversation status. {@code pending}: may still need attention; {@code resolved}: done;
 * {@code escalated}: handed to a person as a ticket; {@code cancelled}: the shopper left mid-flow.
 */
public enum ConversationStatus { pending, resolved, escalated, cancelled }
