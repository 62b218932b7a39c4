package dev.handoff.app.drafts;

import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/** Moves drafts between conversations, for merge and split (the drafts feature's part of a move). */
@Singleton
public class DraftRehoming {

    private final DraftRepository drafts;

    DraftRehoming(DraftRepository drafts) {
        this.drafts = drafts;
    }

    /** @return the ids of every draft of the conversation, whatever its status */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> idsOf(UUID conversationId) {
        return drafts.idsOf(conversationId);
    }

    /** @return the ids of the conversation's drafts that answer one of these messages */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> idsAnswering(UUID conversationId, List<UUID> messageIds) {
        return messageIds.isEmpty() ? List.of() : drafts.idsAnswering(conversationId, messageIds);
    }

    /** Moves the listed drafts that are still in {@code from} into {@code to}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(List<UUID> ids, UUID from, UUID to) {
        if (!ids.isEmpty()) {
            drafts.rehome(ids, from, to);
        }
    }

    /** @return how many of the conversation's drafts wait for review */
    @Transactional(Transactional.TxType.MANDATORY)
    public int pending(UUID conversationId) {
        return (int) drafts.countPending(conversationId);
    }
}
