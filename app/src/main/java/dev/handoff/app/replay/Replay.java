package dev.handoff.app.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A replay as the API shows it.
 *
 * @param id          replay id
 * @param status      {@code running}, {@code done} or {@code failed}
 * @param progress    share of the messages replayed, 0..1
 * @param messages    shopper messages in the period
 * @param from        start of the period
 * @param to          its end (exclusive)
 * @param proposal    the change that was replayed (what publish applies)
 * @param summary     counts once done, else {@code null}
 * @param changes     the messages whose outcome changes (at most {@link ReplayRunner#MAX_CHANGES}), once done
 * @param error       why it failed, or {@code null}
 * @param createdAt   when it was asked for
 * @param finishedAt  when it finished, or {@code null}
 * @param publishedAt when its change was published, or {@code null}
 */
@Serdeable
public record Replay(UUID id, String status, double progress, int messages, Instant from, Instant to, ReplayRequest proposal,
                     @Nullable Summary summary, @Nullable List<Change> changes, @Nullable String error, Instant createdAt,
                     @Nullable Instant finishedAt, @Nullable Instant publishedAt) {

    /**
     * How the outcomes change, one count per shopper message.
     *
     * @param newlyAnswered     answered now, not before
     * @param newlySilent       answered before, silent (or nothing) now
     * @param changedAnswer     answered before and now, with another item or an edited answer
     * @param newlyEscalated    escalated now, not before
     * @param noLongerEscalated escalated before, not now
     * @param unchanged         the same
     * @param otherChanges      other changes (e.g. silence becomes a "Did you mean …?" question, another order lookup result)
     * @param flagged           changes that turn a previously right answer (not reopened, not rated down, not
     *                          followed by a person's reply) into silence or another item: publishing needs a confirmation
     * @param modelCalls        language-model calls the replay made (always 0: a replay never calls the model)
     */
    @Serdeable
    public record Summary(int newlyAnswered, int newlySilent, int changedAnswer, int newlyEscalated, int noLongerEscalated,
                          int unchanged, int otherChanges, int flagged, int modelCalls) {
    }

    /**
     * One message whose outcome changes.
     *
     * @param messageId      the shopper's message
     * @param conversationId its conversation
     * @param text           what the shopper wrote
     * @param kind           {@code newlyAnswered}, {@code newlySilent}, {@code changedAnswer}, {@code newlyEscalated},
     *                       {@code noLongerEscalated}, or {@code changed} (another difference)
     * @param before         with the knowledge base and settings as they are
     * @param after          with the proposed change
     * @param flagged        it was answered right before (see {@link Summary#flagged})
     */
    @Serdeable
    public record Change(UUID messageId, UUID conversationId, String text, String kind, Outcome before, Outcome after, boolean flagged) {
    }
}
