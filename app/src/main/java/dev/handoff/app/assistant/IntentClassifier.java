package dev.handoff.app.assistant;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;

import java.io.InputStream;
import java.util.List;

/**
 * The shopper's intent, learned rather than enumerated: a softmax regression ({@link LinearModel}) over
 * the message embedding, trained by {@code bench/intents.sh} on messages the team wrote in varied
 * registers plus public data (clinc150 {@code order_status} and the other intents, BANKING77's refund
 * and charge intents; dev/train splits only) and shipped as {@code assistant/intents-<model>.weights}.
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
    IntentClassifier(@Value("${handoff.embeddings.model:all-minilm-l6-v2}") String embeddingModel) {
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
     * @param vector the message's embedding (unit length, of the model the weights were trained with)
     * @return the most probable intent when its probability reaches its threshold, else {@link #NONE}
     */
    public Intent classify(float[] vector) {
        double[] p = model.probabilities(features(vector));
        int best = -1;
        for (int k = 0; k < p.length; k++) {
            if (!NONE.equals(model.labels().get(k)) && (best < 0 || p[k] > p[best])) {
                best = k;
            }
        }
        return p[best] >= model.thresholds()[best] ? new Intent(model.labels().get(best), p[best])
                : new Intent(NONE, p[model.index(NONE)]);
    }

    /** @return the feature vector of an embedding: the embedding itself, as doubles */
    public static double[] features(float[] vector) {
        double[] x = new double[vector.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = vector[i];
        }
        return x;
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
