package dev.handoff.app.drafts;

import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.ConversationTriage;
import dev.handoff.app.conversation.MessageCreated;
import dev.handoff.app.conversation.MessageView;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Withdraws the assistant's drafts a person has overtaken: when an agent replies in a conversation by hand,
 * its drafts still waiting for review become {@link Draft#SUPERSEDED}. They leave the review queue (approving
 * one then answers 409), their copies in the mailbox's Drafts are deleted, and they count for nothing in the
 * draft kinds' review record ({@link DraftGraduation}): the shopper never gets a second, older answer after
 * the agent's. Runs in the transaction that stores the agent's reply ({@link MessageCreated} is published in it).
 */
@Singleton
class StaleDrafts {

    private final DraftRepository drafts;
    private final EmailDelivery delivery;
    private final ConversationTriage triage;
    private final Clock clock;

    StaleDrafts(DraftRepository drafts, EmailDelivery delivery, ConversationTriage triage, Clock clock) {
        this.drafts = drafts;
        this.delivery = delivery;
        this.triage = triage;
        this.clock = clock;
    }

    @EventListener
    void onMessage(MessageCreated event) {
        MessageView m = event.message();
        if (m.author() != Author.agent) {
            return;
        }
        boolean withdrawn = false;
        for (Draft d : drafts.findByConversationIdOrderByCreatedAt(m.conversationId())) {
            if (Draft.PENDING.equals(d.status())
                    && drafts.transition(d.id(), d.storeId(), Draft.PENDING, Draft.SUPERSEDED, m.agentId(), d.body(), clock.instant()) == 1) {
                delivery.syncProviderDraft(d.id());
                withdrawn = true;
            }
        }
        if (withdrawn) {
            triage.setPendingDrafts(m.conversationId(), (int) drafts.countPending(m.conversationId()));
        }
    }
}
