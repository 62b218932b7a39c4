package dev.handoff.app.assistant;

import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
     *                    ({@link #FAQ_FIRST}, {@link #FAQ_FIRST_WHEN_ONLY_ASKING}): the reading is the classifier's alone, and the message asks
     *                    where orders are in general without speaking of the writer's own ("information
     *                    about the delivery period"), or asks how to change or cancel an order ("how do I
     *                    cancel an order?") without asking for it to be done ("could you cancel …"), or asks
     *                    how refunds, damaged, missing or wrong items or charges are handled ("do you refund
     *                    the shipping cost?", "what do I do if the wrong item is sent?") and does nothing but
     *                    ask ({@link #onlyAsks}: "Is this normal? The lamp arrived cracked." tells of a
     *                    problem). The turn then asks the FAQ first when the message names no order: when
     *                    the FAQ answers it or offers close items it is an FAQ question; when the FAQ is
     *                    silent the reading stands.
     * @param faqMustAnswer with {@code faqFirst} on a refund, damaged, missing or wrong item or billing reading:
     *                    only an FAQ answer replaces the escalation; close items offered ("Did you mean …?") do
     *                    not, so a problem that reads like a policy question still reaches a person
     */
    public record Reading(Optional<EscalationSignal> signal, boolean orderStatus, boolean orderStatusByRule,
                          IntentClassifier.Intent intent, boolean faqFirst, boolean faqMustAnswer) {
    }

    /**
     * Learned escalations that a how-to question ("how do I change my address?") or a question whether an order can be
     * changed at all ("Can I change my order?") may carry and the FAQ may answer instead (low stakes: an order change).
     */
    public static final Set<String> FAQ_FIRST = Set.of("cancel_request", "address_change");
    /**
     * Learned escalations about goods or money whose policy questions the FAQ may answer instead, when the
     * message does nothing but ask ({@link #onlyAsks}), tells of nothing that happened except in a
     * hypothetical ("what do I do if the wrong item is sent?"), neither chases ("any update on my refund?")
     * nor asks why or whether it is normal ("is the screen supposed to be cracked like this?"), and the FAQ
     * answers outright ({@link Reading#faqMustAnswer}).
     */
    public static final Set<String> FAQ_FIRST_WHEN_ONLY_ASKING = Set.of("refund_request", "damaged_item", "missing_package",
            "wrong_item", "billing_dispute");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern HYPOTHETICAL = Pattern.compile("\\b(?:if|in case|what happens|suppose|supposing)\\b", Pattern.CASE_INSENSITIVE);
    /** Words of a shopper with a problem rather than a policy question: chasing, asking why, asking whether it is normal. */
    private static final Pattern PROBLEM_CUES = Pattern.compile(
            "\\b(?:update|updates|news|yet|still|why|how come|normal|supposed to|meant to)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern GREETING = Pattern.compile(
            "^\\W*(?:hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening)|dear \\w+)(?:\\s+(?:there|team|all|everyone))?\\W*$",
            Pattern.CASE_INSENSITIVE);

    /**
     * @param text   the shopper's message
     * @param vector its embedding (the model the classifier was trained with)
     * @return what it asks for
     */
    public Reading read(String text, float[] vector) {
        text = ShopperText.withoutAddresses(text); // "me@nowhere.com" asks for nothing
        IntentClassifier.Intent intent = classifier.classify(text, vector);
        Optional<EscalationSignal> rule = EscalationSignal.detect(text);
        Optional<EscalationSignal> learned = EscalationSignal.forIntent(intent.label());
        // "talk to a person, the sweater arrived torn": the high-stakes reading decides the ticket's priority
        Optional<EscalationSignal> signal = rule.isPresent() && !(learned.isPresent() && learned.get().highStakes() && !rule.get().highStakes())
                ? rule : learned.or(() -> rule);
        if (rule.isEmpty() && learned.isPresent() && learned.get().reason().equals("missing_package") && OrderStatusIntent.ruleMatches(text)
                && onlyAsks(text) && !PROBLEM_CUES.matcher(text).find()) {
            // "was the order delivered?": a status question the order lookup answers, which the classifier alone
            // may read as a missing package; telling that it never came ("… it says delivered but nothing is here") is not one
            signal = Optional.empty();
        }
        boolean byRule = signal.isEmpty() && OrderStatusIntent.ruleMatches(text);
        boolean orderStatus = byRule || signal.isEmpty() && "order_status".equals(intent.label());
        boolean onlyAsking = !orderStatus && rule.isEmpty() && signal.isPresent() && !IntentClassifier.asksForSomething(text);
        boolean howTo = onlyAsking && (IntentClassifier.asksHowThingsWork(text) || IntentClassifier.asksHowToAfterAside(text));
        boolean orderChange = onlyAsking && FAQ_FIRST.contains(signal.get().reason())
                && (howTo || IntentClassifier.asksWhetherItCanChange(text));
        boolean policy = howTo && FAQ_FIRST_WHEN_ONLY_ASKING.contains(signal.get().reason()) && policyQuestion(text);
        boolean faqFirst = orderStatus ? !byRule && !IntentClassifier.speaksOfWriter(text) : orderChange || policy;
        return new Reading(signal, orderStatus, byRule, intent, faqFirst, policy);
    }

    /** Does nothing but ask, of nothing that happened (unless hypothetically), without {@link #PROBLEM_CUES}. */
    private static boolean policyQuestion(String text) {
        return onlyAsks(text) && !PROBLEM_CUES.matcher(text).find()
                && (!IntentClassifier.tellsOfEvent(text) || HYPOTHETICAL.matcher(text).find());
    }

    /**
     * @param text a shopper's message
     * @return whether every sentence of it is a question: each ends with a question mark, except that the
     *         last may have no end mark when it opens with an interrogative or is the only sentence ("what's
     *         your refund policy"), and a greeting ("Hi!", "Good morning,") is no sentence; a statement ("The
     *         lamp arrived cracked.") tells of something instead
     */
    static boolean onlyAsks(String text) {
        String[] sentences = SENTENCE_END.split(text.strip());
        for (int i = 0; i < sentences.length; i++) {
            String sentence = sentences[i].strip();
            if (GREETING.matcher(sentence).find()) {
                continue;
            }
            boolean last = i == sentences.length - 1;
            boolean question = sentence.endsWith("?");
            boolean unmarked = last && !sentence.endsWith(".") && !sentence.endsWith("!")
                    && (sentences.length == 1 || IntentClassifier.opensWithInterrogative(sentence));
            if (!question && !unmarked) {
                return false;
            }
        }
        return true;
    }
}
