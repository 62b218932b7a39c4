package dev.handoff.app.drafts;

import java.util.UUID;

/**
 * Published inside the transaction in which an agent approved (and so sent) one of the assistant's drafts
 * ({@link DraftService#approve}); not for a draft that went out without review ({@link DraftGraduation}), which no
 * person acted on.
 *
 * @param storeId        tenant
 * @param conversationId the draft's conversation
 * @param draftId        the draft
 * @param agentId        the agent who approved it
 */
public record DraftApproved(UUID storeId, UUID conversationId, UUID draftId, UUID agentId) {
}
