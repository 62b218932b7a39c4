package dev.handoff.app.assistant;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The escalation signals a single message can carry: the shopper asks for a person, complains or says
 * they have asked before, reports a high-stakes problem (damaged, missing or wrong item; refund;
 * chargeback or billing dispute), or asks to cancel an order or change its address. {@link #detect}
 * holds the precise rules kept beside the learned {@link IntentClassifier} (rules that misfired on
 * benign mentions were narrowed — damage is read on the goods, not their packaging — or removed: wrong
 * items are learned). Informational questions ("how long do refunds take?") are not
 * signals: they go to the FAQ.
 *
 * @param reason     ticket escalation reason, e.g. {@code damaged_item}
 * @param category   ticket category, e.g. {@code returns_refunds}
 * @param highStakes whether money or goods are at stake (raises priority)
 */
public record EscalationSignal(String reason, String category, boolean highStakes) {

    /** The goods themselves (not their packaging: "the box was dented but the shoes are fine" is no damage). */
    private static final String ITEMS = "(?:order|item|items|product|products|purchase|it|they|one|shirt|shoes|jacket|bag|mug|lamp|dress|jeans|sweater|hoodie|jumper|vase|glass)";
    private static final String GOODS = "(?:order|package|parcel|item|items|product|products|box|delivery|shipment|purchase|it|they|one|shirt|shoes|jacket|bag|mug|lamp|dress|jeans|sweater|hoodie)";

    private static final List<Rule> RULES = List.of(
            new Rule("chargeback", "billing", true, Pattern.compile(
                    "\\bcharge\\s?back\\b|\\bdispute\\b.{0,30}\\b(?:charge|payment|transaction|bank|card|paypal)\\b|\\b(?:my|the)\\s+bank\\b.{0,30}\\b(?:dispute|reverse)")),
            new Rule("billing_dispute", "billing", true, Pattern.compile(
                    "\\b(?:charged|billed)\\s+(?:me\\s+)?(?:twice|double|two times|2 times|again|wrong|incorrectly|too much)\\b|\\bdouble[- ]charged\\b"
                            + "|\\b(?:unauthori[sz]ed|fraudulent|unknown|wrong)\\s+(?:charge|payment|transaction)\\b|\\bovercharged\\b")),
            new Rule("damaged_item", "damaged_or_defective", true, Pattern.compile(
                    "\\b" + ITEMS + "\\b.{0,40}\\b(?:arrived|came|is|was|were|are|got)\\s+(?:\\w+\\s+){0,2}(?:damaged|broken|smashed|cracked|shattered|defective|faulty|torn|ripped)\\b"
                            + "|\\b(?:arrived|came)\\s+(?:\\w+\\s+){0,2}(?:damaged|broken|smashed|cracked|shattered|defective|torn|ripped)\\b")),
            new Rule("missing_package", "delivery_problem", true, Pattern.compile(
                    "\\b(?:never|still haven't|still have not|didn't|did not|have not|haven't)\\s+(?:\\w+\\s+){0,2}(?:arrived|received|got|gotten|came|come)\\b.{0,40}\\b(?:marked|says|shows|status)\\b.{0,20}\\bdelivered\\b"
                            + "|\\b(?:says|shows|marked|status is)\\s+(?:as\\s+)?delivered\\b.{0,60}\\b(?:not|never|didn't|haven't|nothing|no)\\b"
                            + "|\\b" + GOODS + "\\b.{0,30}\\b(?:never (?:arrived|came|showed up)|got lost|was lost|is lost|went missing|is missing|was stolen|got stolen)\\b"
                            + "|\\b(?:lost|missing|stolen)\\s+(?:my\\s+)?(?:package|parcel|order|delivery|shipment)\\b")),
            new Rule("refund_request", "returns_refunds", true, Pattern.compile(
                    "\\b(?:i|we)\\s+(?:want|need|demand|would like|'d like|request|expect)\\s+(?:a\\s+|my\\s+|an?\\s+immediate\\s+|a\\s+full\\s+)?(?:refund|money back)\\b"
                            + "|\\b(?:refund|reimburse)\\s+me\\b|\\bgive\\s+me\\s+(?:a\\s+|my\\s+)?(?:refund|money back)\\b"
                            + "|\\b(?:where is|still waiting (?:for|on)|haven't (?:got|received|gotten))\\s+(?:my|the)\\s+refund\\b")),
            new Rule("human_requested", "general", false, Pattern.compile(
                    "\\b(?:speak|talk|chat)\\s+(?:to|with)\\s+(?:a|an|some|your)?\\s*(?:real\\s+|actual\\s+|live\\s+)?(?:human|person|agent|someone|somebody|representative|rep|manager|supervisor|people|staff)\\b"
                            + "|\\b(?:human|real person|live agent|customer service rep(?:resentative)?)\\s*(?:please|pls|now)?\\s*[.!?]*$"
                            + "|\\b(?:get|give|put)\\s+me\\s+(?:a|an|to a)\\s+(?:human|person|agent|manager|supervisor)\\b"
                            + "|\\b(?:want|need|request)\\s+(?:a|an|to speak to a|to talk to a)?\\s*(?:human|real person|live agent|manager|supervisor)\\b"
                            + "|\\bare you (?:a )?(?:bot|robot)\\b.{0,30}\\b(?:human|person)\\b"
                            + "|\\b(?:connect|transfer)\\s+me\\b")),
            new Rule("repeated_contact", "general", false, Pattern.compile(
                    "\\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\\d+(?:st|nd|rd|th)?)\\s+time\\s+(?:i(?:'m| am| have|'ve)?\\s+)?(?:asking|writing|contacting|emailing|messaging|telling|asked|reaching out)\\b"
                            + "|\\bhow many times\\b.{0,30}\\b(?:ask|tell|write|contact|explain)"
                            + "|\\b(?:i(?:'ve| have))\\s+(?:already\\s+)?(?:asked|written|emailed|contacted you|messaged)\\s+(?:\\w+\\s+){0,2}(?:times|already|before|twice|again)\\b"
                            + "|\\bstill no (?:reply|response|answer)\\b|\\bnobody (?:is )?(?:answering|replying|responding)\\b")));

    /**
     * The precise rules: explicit wordings that need no classifier. Other phrasings are read by
     * {@link IntentClassifier} and mapped by {@link #forIntent}; {@link MessageIntents} combines both.
     *
     * @param text a shopper's message
     * @return the first signal the message carries (rules in the order above: the problem — billing, damaged,
     *         missing, wrong item, refund — before a request for a person, so "it arrived damaged, I want to talk
     *         to a person" files a damaged-item ticket), if any
     */
    public static Optional<EscalationSignal> detect(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('’', '\'');
        for (Rule r : RULES) {
            if (r.pattern().matcher(lower).find()) {
                return Optional.of(new EscalationSignal(r.reason(), r.category(), r.highStakes()));
            }
        }
        return Optional.empty();
    }

    /**
     * The signal a learned intent carries.
     *
     * @param intent one of {@link IntentClassifier#INTENTS} or {@link IntentClassifier#NONE}
     * @return its escalation signal; empty for {@code order_status} and {@code none}
     */
    public static Optional<EscalationSignal> forIntent(String intent) {
        return Optional.ofNullable(switch (intent) {
            case "human_requested" -> new EscalationSignal(intent, "general", false);
            case "complaint" -> new EscalationSignal(intent, "general", false);
            case "refund_request" -> new EscalationSignal(intent, "returns_refunds", true);
            case "damaged_item" -> new EscalationSignal(intent, "damaged_or_defective", true);
            case "missing_package" -> new EscalationSignal(intent, "delivery_problem", true);
            case "wrong_item" -> new EscalationSignal(intent, "wrong_item", true);
            case "billing_dispute" -> new EscalationSignal(intent, "billing", true);
            case "cancel_request", "address_change" -> new EscalationSignal(intent, "order_change", false);
            default -> null;
        });
    }

    private record Rule(String reason, String category, boolean highStakes, Pattern pattern) {
    }
}
