package dev.handoff.app.assistant;

import dev.handoff.app.search.EmbeddingService;
import jakarta.inject.Singleton;

/**
 * The embedding the learned classifiers ({@link IntentClassifier}, {@link SentimentClassifier}) read: the
 * message's own vector when it comes from the in-process model they were trained on, or, when an
 * OpenAI-compatible endpoint embeds for search ({@code OPENAI_EMBEDDING_MODEL}), a vector from the
 * in-process model opened for them alone (the classifiers' weights belong to that model).
 */
@Singleton
public class ClassifierVectors {

    private final EmbeddingService search;
    private volatile EmbeddingService local;

    ClassifierVectors(EmbeddingService search) {
        this.search = search;
    }

    /**
     * @param text         the message
     * @param searchVector its embedding for search
     * @return its embedding for the classifiers
     */
    public float[] of(String text, float[] searchVector) {
        if (!search.remote()) {
            return searchVector;
        }
        EmbeddingService l = local;
        if (l == null) {
            synchronized (this) {
                if (local == null) {
                    local = new EmbeddingService();
                }
                l = local;
            }
        }
        return l.embed(text);
    }
}
