package dev.handoff.app.drafts;

import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.MessageView;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/**
 * Withdraws the assistant's drafts a person has overtaken: when an agent replies in a conversation by hand,
 * its drafts still waiting for review become {@link Draft#SUPERSEDED} ({@link DraftService#supersede}). They leave
 * the review queue (approving one then answers 409), their copies in the mailbox's Drafts are deleted, and they count
 * for nothing in the draft kinds' review record ({@link DraftGraduation}): the shopper never gets a second, older
 * answer after the agent's. Runs in the transaction that stores the agent's reply ({@link MessageCreated} is
 * published in it).
 */
@Singleton
class StaleDrafts {

    private final DraftService drafts;

    StaleDrafts(DraftService drafts) {
        this.drafts = drafts;
    }

    @EventListener
    void onMessage(MessageCreated event) {
        MessageView m = event.message();
        if (m.author() == Author.agent) {
            drafts.supersede(m.conversationId(), m.agentId());
        }
    }
}
