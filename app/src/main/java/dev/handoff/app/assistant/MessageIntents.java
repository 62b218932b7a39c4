package dev.handoff.app.assistant;

import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.Set;

/**
 * What a shopper's message asks for, read once per turn: the precise rules that are worth keeping
 * ({@link EscalationSignal#detect}, {@link OrderStatusIntent#ruleMatches}) and, for every other
 * phrasing, the learned {@link IntentClassifier}. A rule that fires wins; otherwise the classifier's
 * intent, when it reaches its calibrated threshold — except that a high-stakes intent (damaged, missing
 * or wrong item, refund, billing) wins over a rule's low-stakes one (a request for a person, repeated
 * contact), so the ticket gets its priority. An escalation signal takes precedence over an
 * order-status request ("where is my order? it says delivered but nothing came" is a missing package).
 */
@Singleton
public class MessageIntents {

    private final IntentClassifier classifier;

    /** @param classifier the learned intents */
    public MessageIntents(IntentClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * One message's reading.
     *
     * @param signal      the escalation it carries, if any
     * @param orderStatus whether it asks where an order is (only when it carries no signal)
     * @param orderStatusByRule whether a precise order-status rule said so (not only the classifier)
     * @param intent      the classifier's own reading (for logs and benchmarks)
     * @param faqFirst    whether the FAQ is asked before the order lookup or the escalation is acted on
     *                    ({@link #FAQ_FIRST}): the reading is the classifier's alone, and the message asks
     *                    where orders are in general without speaking of the writer's own ("information
     *                    about the delivery period"), or asks how to change or cancel an order ("how do I
     *                    cancel an order?") without asking for it to be done ("could you cancel …"). The
     *                    turn then asks the FAQ first when the message names no order: when the FAQ answers
     *                    it or offers close items it is an FAQ question; when the FAQ is silent the reading
     *                    stands.
     */
    public record Reading(Optional<EscalationSignal> signal, boolean orderStatus, boolean orderStatusByRule,
                          IntentClassifier.Intent intent, boolean faqFirst) {
    }

    /** Learned escalations that a how-to question may carry and the FAQ may answer instead (low stakes: an order change). */
    public static final Set<String> FAQ_FIRST = Set.of("cancel_request", "address_change");

    /**
     * @param text   the shopper's message
     * @param vector its embedding (the model the classifier was trained with)
     * @return what it asks for
     */
    public Reading read(String text, float[] vector) {
        IntentClassifier.Intent intent = classifier.classify(text, vector);
        Optional<EscalationSignal> rule = EscalationSignal.detect(text);
        Optional<EscalationSignal> learned = EscalationSignal.forIntent(intent.label());
        // "talk to a person, the sweater arrived torn": the high-stakes reading decides the ticket's priority
        Optional<EscalationSignal> signal = rule.isPresent() && !(learned.isPresent() && learned.get().highStakes() && !rule.get().highStakes())
                ? rule : learned.or(() -> rule);
        boolean byRule = signal.isEmpty() && OrderStatusIntent.ruleMatches(text);
        boolean orderStatus = byRule || signal.isEmpty() && "order_status".equals(intent.label());
        boolean faqFirst = orderStatus ? !byRule && !IntentClassifier.speaksOfWriter(text)
                : rule.isEmpty() && signal.isPresent() && FAQ_FIRST.contains(signal.get().reason())
                        && IntentClassifier.asksHowThingsWork(text) && !IntentClassifier.asksForSomething(text);
        return new Reading(signal, orderStatus, byRule, intent, faqFirst);
    }
}
