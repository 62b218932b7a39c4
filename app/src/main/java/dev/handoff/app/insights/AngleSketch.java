package dev.handoff.app.insights;

import java.util.Random;

/**
 * Bit sketches of vectors whose Hamming distance estimates their angle: SimHash, one bit per random
 * hyperplane (Charikar, "Similarity estimation techniques from rounding algorithms", STOC 2002). Two
 * vectors at angle θ differ in each bit with probability θ/π. The hyperplanes are the rows of a
 * pseudo-random rotation built from random sign flips and fast Walsh–Hadamard transforms, {@code HD·HD}
 * (Andoni, Indyk, Laarhoven, Razenshteyn, Schmidt, "Practical and Optimal LSH for Angular Distance",
 * NeurIPS 2015), so a sketch costs O(p log p) for a vector padded to p dimensions (the next power of
 * two), instead of the O(p·d) of a dense Gaussian projection. A sketch is {@code p / 64} longs: 8 for
 * 384-dimensional sentence embeddings (512 bits).
 *
 * <p>Used as an exact-check filter: {@link #maxDistance(double, double)} gives the Hamming distance
 * below which a pair at cosine similarity ≥ s lies with all but a {@code z}-sigma tail of probability.
 * Deterministic: the signs come from a fixed seed.
 */
final class AngleSketch {

    private static final long SEED = 0x5eedL;
    private static final int ROUNDS = 2;

    private final int dims;
    private final int padded;
    private final float[][] signs;

    /** @param dims the vectors' dimension (≥ 1) */
    AngleSketch(int dims) {
        this.dims = dims;
        int p = 64;
        while (p < dims) {
            p <<= 1;
        }
        this.padded = p;
        Random random = new Random(SEED);
        this.signs = new float[ROUNDS][p];
        for (float[] round : signs) {
            for (int i = 0; i < p; i++) {
                round[i] = random.nextBoolean() ? 1f : -1f;
            }
        }
    }

    /** @return longs per sketch */
    int words() {
        return padded / 64;
    }

    /**
     * Writes the sketch of {@code v} (length {@code dims}) into {@code out} at {@code offset}
     * ({@link #words()} longs; bit i is set when the i-th rotated coordinate is positive).
     */
    void sketch(float[] v, long[] out, int offset) {
        float[] x = new float[padded];
        System.arraycopy(v, 0, x, 0, dims);
        for (float[] round : signs) {
            for (int i = 0; i < padded; i++) {
                x[i] *= round[i];
            }
            hadamard(x);
        }
        for (int w = 0; w < words(); w++) {
            out[offset + w] = 0;
        }
        for (int i = 0; i < padded; i++) {
            if (x[i] > 0) {
                out[offset + (i >>> 6)] |= 1L << (i & 63);
            }
        }
    }

    /** @return the Hamming distance of the sketches at {@code a[aOffset…]} and {@code b[bOffset…]} */
    int distance(long[] a, int aOffset, long[] b, int bOffset) {
        int d = 0;
        for (int w = 0, n = words(); w < n; w++) {
            d += Long.bitCount(a[aOffset + w] ^ b[bOffset + w]);
        }
        return d;
    }

    /**
     * The largest Hamming distance a pair with cosine similarity ≥ {@code similarity} is expected to have:
     * the binomial mean at angle acos(similarity) plus {@code z} standard deviations.
     */
    int maxDistance(double similarity, double z) {
        double p = Math.acos(Math.max(-1, Math.min(1, similarity))) / Math.PI;
        return (int) Math.ceil(padded * p + z * Math.sqrt(padded * p * (1 - p)));
    }

    /** In-place unnormalised fast Walsh–Hadamard transform (length a power of two; scale does not change signs). */
    private static void hadamard(float[] x) {
        for (int h = 1; h < x.length; h <<= 1) {
            for (int i = 0; i < x.length; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    float a = x[j];
                    float b = x[j + h];
                    x[j] = a + b;
                    x[j + h] = a - b;
                }
            }
        }
    }
}
