package dev.handoff.app.assistant;

import dev.handoff.app.search.EmbeddingService;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shopper's intent, learned rather than enumerated: a softmax regression ({@link LinearModel}) over
 * the message embedding, {@value #SURFACE_FEATURES} surface features and {@value #WORD_BUCKETS} hashed word
 * features ({@link #features}), trained by
 * {@code bench/intents.sh} on messages the team wrote in varied registers plus public data (clinc150
 * {@code order_status} and the other intents, BANKING77's refund and charge intents; dev/train splits only)
 * and shipped as {@code assistant/intents-<model>.weights}.
 * Each intent claims a message only when its probability reaches the intent's own threshold, chosen on
 * out-of-fold predictions at training time (calibrated per intent); otherwise the message is
 * {@link #NONE} (an FAQ question, small talk, anything else).
 *
 * <p>The weights are tied to the embedding model they were trained with: a context bean, it refuses to
 * start when they were computed with another model than {@code handoff.embeddings.model}, naming the
 * command that retrains them.
 */
@Context
public class IntentClassifier {

    /** No intent: the message goes on to the FAQ. */
    public static final String NONE = "none";
    /** Intents the classifier knows, besides {@link #NONE}. */
    public static final List<String> INTENTS = List.of("order_status", "human_requested", "complaint", "refund_request",
            "damaged_item", "missing_package", "wrong_item", "billing_dispute", "cancel_request", "address_change");

    private final LinearModel model;

    /**
     * @param embeddingModel the configured in-process embedding model ({@code handoff.embeddings.model})
     * @throws IllegalStateException when no weights were trained for that model
     */
    @Inject
    IntentClassifier(@Value("${handoff.embeddings.model:" + EmbeddingService.Spec.DEFAULT + "}") String embeddingModel) {
        this(load("intents", embeddingModel));
    }

    /** @param model trained weights (benchmarks pass the ones they just trained) */
    public IntentClassifier(LinearModel model) {
        if (!model.labels().contains(NONE) || !model.labels().containsAll(INTENTS)) {
            throw new IllegalStateException("The intent weights must have the classes " + INTENTS + " and " + NONE + ", not " + model.labels());
        }
        this.model = model;
    }

    /**
     * A message's intent.
     *
     * @param label       one of {@link #INTENTS} or {@link #NONE}
     * @param probability the classifier's probability of that label, in [0, 1]
     */
    public record Intent(String label, double probability) {
        /** @return whether some intent claimed the message */
        public boolean any() {
            return !NONE.equals(label);
        }
    }

    /**
     * @param text   the shopper's message
     * @param vector its embedding (unit length, of the model the weights were trained with)
     * @return the most probable intent when its probability reaches its threshold, else {@link #NONE}
     */
    public Intent classify(String text, float[] vector) {
        double[] p = model.probabilities(features(text, vector));
        int best = -1;
        for (int k = 0; k < p.length; k++) {
            if (!NONE.equals(model.labels().get(k)) && (best < 0 || p[k] > p[best])) {
                best = k;
            }
        }
        return p[best] >= model.thresholds()[best] ? new Intent(model.labels().get(best), p[best])
                : new Intent(NONE, p[model.index(NONE)]);
    }

    /** Surface features after the embedding ({@link #features}). */
    public static final int SURFACE_FEATURES = 6;
    private static final Pattern FIRST_PERSON = Pattern.compile("\\b(?:i|im|ive|me|my|mine|we|our|us)\\b");
    private static final Pattern OWN_THING = Pattern.compile(
            "\\b(?:my|our)\\s+(?:\\w+\\s+)?(?:order|parcel|package|item|items|delivery|purchase|shipment|money|card|account|address|box)\\b|#\\s?\\d{3,}|\\b\\d{4,}\\b");
    private static final Pattern ASKING_FOR = Pattern.compile(
            "\\b(?:please|pls|plz|can you|could you|would you|will you|i want|i wanna|i'd like|i would like|i need|need you to|want to)\\b");
    private static final Pattern INTERROGATIVE = Pattern.compile(
            "^\\W*(?:how|what|what's|whats|when|which|who|where|why|do|does|is|are|can|could|will|would|should|any|if)\\b");
    private static final Pattern HOW_TO = Pattern.compile(
            "^\\W*(?:how (?:do|can|could|should|would|will) (?:i|we)|what (?:do|should) (?:i|we)|where (?:do|can) (?:i|we)|is it possible to|is there a way to)\\b");
    /** A how-to question opening a later clause: "I moved, how do I update my address?". */
    private static final Pattern HOW_TO_CLAUSE = Pattern.compile(
            "[,;:.!?-]\\s*(?:so |but |and |now )?(?:how (?:do|can|could|should|would|will) (?:i|we)|what (?:do|should) (?:i|we)|where (?:do|can) (?:i|we)|is it possible to|is there a way to)\\b");
    /** Opens the message, after at most a greeting: "can I change …", "Hi team, could we still cancel …". */
    private static final Pattern MAY_I_CHANGE = Pattern.compile(
            "^\\W*(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|quick question)\\b[^.!?,:\\n]{0,20}[.!?,:\\n-]+\\W*)?"
                    + "(?:can|could|may) (?:i|we) (?:still |also )?(?:change|cancel|edit|modify|amend|update|switch)\\b");
    /** Something specific enough to make it a request: an order number, a house number or postcode, any 3+ digits. */
    private static final Pattern SPECIFICS = Pattern.compile("\\d{3,}|#\\s?\\d");
    private static final Pattern REASSURED = Pattern.compile(
            "\\b(?<!not )(?<!n't )(?:fine|ok|okay|perfect|perfectly|intact|undamaged|no damage|all good|no problem|no worries|no harm|works great|works fine|love it|happy)\\b");
    private static final Pattern HAPPENED = Pattern.compile(
            "\\b(?:arrived|received|recieved|got|came|ordered|bought|paid|charged|delivered|sent|placed|shipped|still|never|haven't|hasn't|didn't|havent|hasnt|didnt)\\b");

    /**
     * The classifier's features: the embedding, then {@value #SURFACE_FEATURES} surface features that tell a
     * request about the shopper's own order from a question about how things work, which sentence embeddings
     * place close together ("what is your refund policy?" next to "refund my order"): it speaks of the writer
     * (I, my, we); of the writer's own order, parcel or money (or names an order number); asks for something
     * (please, can you, I want, I need); is a general question (starts with an interrogative or ends with a
     * question mark, without I/my) or asks how to do something ("how do I …", "is there a way to …"); tells of
     * something that happened (arrived, charged, never, still); says all is well (fine, intact, no worries,
     * not after "not": "the box was dented but the shoes are fine"). Each 0 or 0.5. The weights learn what
     * they mean per intent. Then the message's words ({@link #WORD_BUCKETS} hashed unigrams and bigrams, {@code words}).
     * Email and web addresses are read as "email address" and "link" ({@link ShopperText#withoutAddresses}).
     *
     * @return {@code vector.length + SURFACE_FEATURES + WORD_BUCKETS} values
     */
    public static double[] features(String text, float[] vector) {
        text = ShopperText.withoutAddresses(text);
        double[] x = new double[vector.length + SURFACE_FEATURES + WORD_BUCKETS];
        for (int i = 0; i < vector.length; i++) {
            x[i] = vector[i];
        }
        String lower = lower(text);
        int n = vector.length;
        x[n] = FIRST_PERSON.matcher(lower).find() ? 0.5 : 0;
        x[n + 1] = OWN_THING.matcher(lower).find() ? 0.5 : 0;
        x[n + 2] = ASKING_FOR.matcher(lower).find() ? 0.5 : 0;
        x[n + 3] = howThingsWork(lower) ? 0.5 : 0;
        x[n + 4] = HAPPENED.matcher(lower).find() ? 0.5 : 0;
        x[n + 5] = REASSURED.matcher(lower).find() ? 0.5 : 0;
        words(lower, x, n + SURFACE_FEATURES);
        return x;
    }

    /** Hashed word features after the surface features ({@link #words}). */
    public static final int WORD_BUCKETS = 2048;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

    /**
     * Word unigrams and bigrams (the first word also paired with the start of the message), each hashed into
     * one of {@link #WORD_BUCKETS} features (the hashing trick: Weinberger et al., "Feature Hashing for Large
     * Scale Multitask Learning", ICML 2009; {@link String#hashCode} is fixed by the Java specification, so the
     * buckets are the same on every JVM); apostrophes are dropped ("didn't" is "didnt"); a bucket that occurs
     * is set to 1/√(buckets set), so the word part has unit length like the embedding.
     */
    private static void words(String lower, double[] x, int offset) {
        Matcher m = WORD.matcher(lower);
        String previous = "^";
        int distinct = 0;
        while (m.find()) {
            String word = m.group().replace("'", "");
            if (word.isEmpty()) {
                continue;
            }
            distinct += mark(x, offset + bucket(word.hashCode()));
            distinct += mark(x, offset + bucket(previous.hashCode() * 31 + word.hashCode()));
            previous = word;
        }
        double value = distinct == 0 ? 0 : 1 / Math.sqrt(distinct);
        for (int i = offset; i < offset + WORD_BUCKETS; i++) {
            if (x[i] != 0) {
                x[i] = value;
            }
        }
    }

    /** Sets feature {@code i} to 1; @return 1 when it was not set before, else 0 */
    private static int mark(double[] x, int i) {
        if (x[i] != 0) {
            return 0;
        }
        x[i] = 1;
        return 1;
    }

    private static int bucket(int hash) {
        return Math.floorMod(hash ^ (hash >>> 16), WORD_BUCKETS);
    }

    /**
     * @param text a shopper's message
     * @return whether it speaks of the writer (I, my, we, us)
     */
    public static boolean speaksOfWriter(String text) {
        return FIRST_PERSON.matcher(lower(text)).find();
    }

    /**
     * @param text a shopper's message
     * @return whether it asks how things work rather than for something to be done: a question (an
     *         interrogative first or a question mark) that does not speak of the writer, or a how-to
     *         question ("how do I …", "is there a way to …")
     */
    public static boolean asksHowThingsWork(String text) {
        return howThingsWork(lower(text));
    }

    /**
     * @param text a shopper's message
     * @return whether a how-to question follows an aside that tells of nothing done with an order ("I moved, how do I
     *         update my address?", "We're going away next week - is there a way to …"): the question is how things
     *         work, as at the start; not after a story of the order ("I ordered the wrong size, how do I change it?")
     *         nor naming something specific (an order number, three digits or more)
     */
    public static boolean asksHowToAfterAside(String text) {
        String lower = lower(text);
        Matcher m = HOW_TO_CLAUSE.matcher(lower);
        return m.find() && !HAPPENED.matcher(lower.substring(0, m.start())).find() && !SPECIFICS.matcher(lower).find();
    }

    /**
     * @param text a shopper's message
     * @return whether it asks whether an order can be changed or cancelled at all ("Can I change my order?", "Hi, could
     *         we still cancel?": the message opens with it, after at most a greeting) and names nothing specific (no
     *         order number, no three digits or more): a policy question, though it speaks of the writer
     */
    public static boolean asksWhetherItCanChange(String text) {
        String lower = lower(text);
        return MAY_I_CHANGE.matcher(lower).find() && !SPECIFICS.matcher(lower).find();
    }

    /**
     * @param text a sentence
     * @return whether it opens with an interrogative (how, what, when, do, is, can, …)
     */
    public static boolean opensWithInterrogative(String text) {
        return INTERROGATIVE.matcher(lower(text)).find();
    }

    private static boolean howThingsWork(String lower) {
        boolean question = INTERROGATIVE.matcher(lower).find() || lower.strip().endsWith("?");
        return question && !FIRST_PERSON.matcher(lower).find() || HOW_TO.matcher(lower).find();
    }

    /**
     * @param text a shopper's message
     * @return whether it tells of something that happened (arrived, received, charged, sent, still, never …),
     *         the pattern of the "something happened" surface feature
     */
    public static boolean tellsOfEvent(String text) {
        return HAPPENED.matcher(lower(text)).find();
    }

    /**
     * @param text a shopper's message
     * @return whether it asks for something to be done (please, can you, could you, I want, I need)
     */
    public static boolean asksForSomething(String text) {
        return ASKING_FOR.matcher(lower(text)).find();
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    }

    /**
     * Loads {@code assistant/<name>-<embeddingModel>.weights} from the classpath.
     *
     * @throws IllegalStateException when absent or trained with another embedding model
     */
    static LinearModel load(String name, String embeddingModel) {
        String resource = "assistant/" + name + "-" + embeddingModel + ".weights";
        InputStream in = IntentClassifier.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("No " + name + " weights for the embedding model '" + embeddingModel + "' (" + resource
                    + " is missing): train them with bench/" + name + ".sh -Dmodel=" + embeddingModel);
        }
        LinearModel model = LinearModel.read(in);
        if (!model.embedding().equals(embeddingModel)) {
            throw new IllegalStateException(resource + " was trained on the embedding model '" + model.embedding()
                    + "', not the configured '" + embeddingModel + "': retrain with bench/" + name + ".sh");
        }
        return model;
    }
}
