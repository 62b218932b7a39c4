package dev.handoff.app.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;
import java.util.UUID;

/**
 * What the assistant does with one shopper message.
 *
 * @param outcome     {@code answered} (an FAQ answer), {@code order_status} (the order lookup), {@code escalated}
 *                    (a ticket), {@code silent} (no grounded answer), {@code no_answer_needed} (small talk), or
 *                    {@code person} (a person has the conversation: the assistant stays out)
 * @param faqItemId   the cited item for {@code answered} (a proposed new item has a temporary id), else {@code null}
 * @param faqQuestion that item's question, else {@code null}
 * @param reason      escalation reason, order lookup result ({@code details}, {@code status_only}, {@code not_found},
 *                    {@code email_mismatch}, {@code no_orders_for_email}, {@code asked_for_reference}), or why it stayed out
 */
@Serdeable
public record Outcome(String outcome, @Nullable UUID faqItemId, @Nullable String faqQuestion, @Nullable String reason) {

    static Outcome of(String outcome, @Nullable String reason) {
        return new Outcome(outcome, null, null, reason);
    }

    boolean answered() {
        return "answered".equals(outcome);
    }

    boolean escalated() {
        return "escalated".equals(outcome);
    }

    /** @return whether the shopper would see the same thing (item, reason), ignoring the item's question text */
    boolean sameAs(Outcome other) {
        return outcome.equals(other.outcome) && Objects.equals(faqItemId, other.faqItemId) && Objects.equals(reason, other.reason);
    }
}
