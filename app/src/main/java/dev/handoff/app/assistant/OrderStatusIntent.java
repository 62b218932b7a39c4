package dev.handoff.app.assistant;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Detects "where is my order" (WISMO) requests in any phrasing: the learned {@link IntentClassifier}
 * (its {@code order_status} intent, trained on clinc150's {@code order_status} and messages the team
 * wrote), plus precise rules kept for the common wordings and for an order number next to a status
 * word. "How do I change my order?" and "information about the delivery period" are FAQ questions, not
 * order-status requests. Recall and false positives are measured by {@code bench/intents.sh}.
 */
@Singleton
public class OrderStatusIntent {

    private static final String GOODS = "(?:order|orders|package|packages|parcel|parcels|delivery|shipment|purchase|purchases|stuff|items?|goods|things i (?:ordered|bought))";
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("\\bwhere(?:'s|s| is| are|'re)\\b.{0,30}\\b(?:my|our|the)\\s+(?:\\w+\\s+){0,2}" + GOODS + "\\b"),
            Pattern.compile("\\btrack(?:ing)?\\b.{0,30}\\b(?:my|our|the)\\s+" + GOODS + "\\b"),
            Pattern.compile("\\b(?:order|delivery|shipping|shipment)\\s+status\\b"),
            Pattern.compile("\\bstatus\\s+(?:of|on|for)\\s+(?:(?:my|our|the|this|that)\\s+)?(?:\\w+\\s+){0,2}" + GOODS + "\\b"),
            Pattern.compile("\\b(?:has|have|did|is|was|were)\\s+(?:my|our|the)\\s+(?:\\w+\\s+){0,2}" + GOODS
                    + "\\b.{0,40}\\b(?:ship|shipped|dispatched|sent out|arrive|arrived|deliver|delivered|get here|got here|come|here|on (?:its|the) way"
                    + "|(?:at|to) (?:my|the) (?:\\w+ )?(?:address|door|house|home))\\b"),
            Pattern.compile("\\bwhen\\b.{0,40}\\b(?:my|our)\\s+(?:\\w+\\s+){0,2}" + GOODS
                    + "\\b.{0,40}\\b(?:arrive|come|ship|shipped|dispatched|deliver|delivered|get here|be here|show up)\\b"));

    /** With an order number in the message, any of these words makes it an order-status request. */
    private static final Pattern ABOUT_AN_ORDER = Pattern.compile(
            "\\b(?:status|where|when|track|tracking|ship|shipped|shipping|arrive|arrived|deliver|delivered|delivery|update|dispatched|eta|check|look up)\\b");

    private final IntentClassifier classifier;

    OrderStatusIntent(IntentClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * @param text   the shopper's message
     * @param vector its embedding ({@link EmbeddingService})
     * @return whether it asks where an order is or what its status is
     */
    public boolean matches(String text, float[] vector) {
        return ruleMatches(text) || "order_status".equals(classifier.classify(text, vector).label());
    }

    /**
     * @param text the shopper's message
     * @return whether one of the precise order-status rules matches it
     */
    public static boolean ruleMatches(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT).replace('\u2019', '\'');
        if (OrderReference.find(text, false).orderNumber() != null && ABOUT_AN_ORDER.matcher(lower).find()) {
            return true;
        }
        for (Pattern p : PATTERNS) {
            if (p.matcher(lower).find()) {
                return true;
            }
        }
        return false;
    }
}
