package dev.handoff.app.assistant;

import dev.handoff.app.search.EmbeddingService;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Detects "where is my order" (WISMO) requests in any phrasing: phrase patterns for the common
 * wordings, and for the rest the cosine similarity between the message's embedding and a set of
 * order-status example requests (written for Handoff, not taken from any dataset). The similarity
 * threshold {@code handoff.assistant.order-status-threshold} was tuned on the clinc150 dev split
 * (see README).
 */
@Singleton
public class OrderStatusIntent {

    private static final String GOODS = "(?:order|orders|package|packages|parcel|parcels|delivery|shipment|purchase|purchases|stuff|items?|goods|things i (?:ordered|bought))";
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("\\bwhere(?:'s|s| is| are|'re)\\b.{0,30}\\b(?:my|our|the)\\s+(?:\\w+\\s+){0,2}" + GOODS + "\\b"),
            Pattern.compile("\\btrack(?:ing)?\\b.{0,30}\\b" + GOODS + "\\b"),
            Pattern.compile("\\b" + GOODS + "\\b.{0,20}\\btrack(?:ing)?\\b"),
            Pattern.compile("\\b(?:order|delivery|shipping|shipment)\\s+status\\b"),
            Pattern.compile("\\bhow (?:far along|far away|close|long until)\\b.{0,20}\\b(?:my|our|the)\\s+(?:\\w+\\s+){0,2}" + GOODS + "\\b"),
            Pattern.compile("\\bstatus\\s+(?:of|on|for)\\s+(?:(?:my|our|the|this|that)\\s+)?(?:\\w+\\s+){0,2}" + GOODS + "\\b"),
            Pattern.compile("\\b(?:has|have|did|is|was|were)\\s+(?:my|our|the)\\s+(?:\\w+\\s+){0,2}" + GOODS
                    + "\\b.{0,40}\\b(?:ship|shipped|dispatched|sent out|arrive|arrived|deliver|delivered|get here|got here|come|here|on (?:its|the) way)\\b"),
            Pattern.compile("\\bwhen\\b.{0,40}\\b(?:my|our|the)\\s+(?:\\w+\\s+){0,2}" + GOODS
                    + "\\b.{0,40}\\b(?:arrive|come|ship|shipped|dispatched|deliver|delivered|get here|be here|show up)\\b"),
            Pattern.compile("\\bi (?:ordered|bought|purchased)\\b.{0,60}\\bwhen\\b.{0,40}\\b(?:arrive|come|ship|get here|be here|deliver)"),
            Pattern.compile("\\b(?:my|our|the)\\s+(?:\\w+\\s+){0,2}" + GOODS
                    + "\\b.{0,30}\\b(?:hasn't|has not|haven't|have not|didn't|did not|still not|not yet|isn't|is not)\\b.{0,20}\\b(?:arrived|shipped|come|here|delivered|been sent)\\b"));

    /** With an order number in the message, any of these words makes it an order-status request. */
    private static final Pattern ABOUT_AN_ORDER = Pattern.compile(
            "\\b(?:status|where|when|track|tracking|ship|shipped|shipping|arrive|arrived|deliver|delivered|delivery|update|dispatched|eta|check|look up)\\b");

    /** Example requests embedded once; a message close to any of them is an order-status request. */
    static final List<String> EXAMPLES = List.of(
            "where is my order",
            "where's my package",
            "has my order shipped yet",
            "when will my order arrive",
            "when is my parcel going to be delivered",
            "can you tell me the status of my order",
            "i want to track my order",
            "what's the tracking number for my purchase",
            "my order still hasn't arrived",
            "is my package on its way",
            "did you send my order already",
            "how long until my delivery gets here",
            "i placed an order last week and haven't received it",
            "any update on my shipment",
            "check on my order please",
            "has my purchase been dispatched",
            "when will the shoes i bought get here",
            "i'm waiting for my delivery, where is it",
            "what is the delivery status of my order",
            "is my order out for delivery",
            "did my package arrive",
            "my order is late",
            "estimated delivery date for my order",
            "could you look up my order",
            "order status please");

    private final EmbeddingService embeddings;
    private final List<float[]> examples;
    private final double threshold;

    OrderStatusIntent(EmbeddingService embeddings, @Value("${handoff.assistant.order-status-threshold:0.65}") double threshold) {
        this.embeddings = embeddings;
        this.examples = EXAMPLES.stream().map(embeddings::embed).toList();
        this.threshold = threshold;
    }

    /**
     * @param text   the shopper's message
     * @param vector its embedding ({@link EmbeddingService})
     * @return whether it asks where an order is or what its status is
     */
    public boolean matches(String text, float[] vector) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (OrderReference.find(text, false).orderNumber() != null && ABOUT_AN_ORDER.matcher(lower).find()) {
            return true;
        }
        for (Pattern p : PATTERNS) {
            if (p.matcher(lower).find()) {
                return true;
            }
        }
        return similarity(vector) >= threshold;
    }

    /** @return the best cosine similarity between the message and the example requests, in [-1, 1] */
    public double similarity(float[] vector) {
        double best = -1;
        for (float[] e : examples) {
            best = Math.max(best, EmbeddingService.cosine(vector, e));
        }
        return best;
    }
}
