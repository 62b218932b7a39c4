package dev.handoff.app.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the assistant does with one shopper message.
 *
 * @param outcome     {@code answered} (an FAQ answer), {@code clarify} (a "Did you mean …?" question offering
 *                    {@code choices}), {@code order_status} (the order lookup), {@code escalated} (a ticket),
 *                    {@code silent} (no grounded answer), {@code no_answer_needed} (small talk), or {@code person}
 *                    (a person has the conversation: the assistant stays out)
 * @param faqItemId   the cited item for {@code answered} (a proposed new item has a temporary id), else {@code null}
 * @param faqQuestion that item's question, else {@code null}
 * @param reason      why: for {@code answered} and {@code clarify} the FAQ decision's scores ({@code choice} when the
 *                    shopper picked an offered item), the escalation reason, the order lookup result ({@code details},
 *                    {@code status_only}, {@code not_found}, {@code email_mismatch}, {@code no_orders_for_email},
 *                    {@code asked_for_reference}), or why the assistant stayed out
 * @param choices     for {@code clarify}: the items offered, in the order shown; else {@code null}
 */
@Serdeable
public record Outcome(String outcome, @Nullable UUID faqItemId, @Nullable String faqQuestion, @Nullable String reason,
                      @Nullable List<Choice> choices) {

    /**
     * One item offered by a "Did you mean …?" question.
     *
     * @param faqItemId the item
     * @param question  its question (the quick reply's text)
     */
    @Serdeable
    public record Choice(UUID faqItemId, String question) {
    }

    static Outcome of(String outcome, @Nullable String reason) {
        return new Outcome(outcome, null, null, reason, null);
    }

    static Outcome answered(UUID itemId, String question, String reason) {
        return new Outcome("answered", itemId, question, reason, null);
    }

    static Outcome clarify(List<Choice> choices, String reason) {
        return new Outcome("clarify", null, null, reason, List.copyOf(choices));
    }

    boolean answered() {
        return "answered".equals(outcome);
    }

    boolean escalated() {
        return "escalated".equals(outcome);
    }

    /**
     * @return whether the shopper would see the same thing: the same outcome, item, offered items and escalation
     *         or lookup result (an FAQ decision's scores, also those of a silence, and the items' question text are
     *         not compared; a silence because the assistant is off differs from one for want of an answer)
     */
    boolean sameAs(Outcome other) {
        boolean scored = answered() || "clarify".equals(outcome)
                || "silent".equals(outcome) && !ASSISTANT_OFF.equals(reason) && !ASSISTANT_OFF.equals(other.reason);
        return outcome.equals(other.outcome) && Objects.equals(faqItemId, other.faqItemId)
                && Objects.equals(ids(choices), ids(other.choices)) && (scored || Objects.equals(reason, other.reason));
    }

    /** The reason of a silence because the store switched its assistant off. */
    static final String ASSISTANT_OFF = "assistant_off";

    private static List<UUID> ids(@Nullable List<Choice> choices) {
        return choices == null ? null : choices.stream().map(Choice::faqItemId).toList();
    }
}
