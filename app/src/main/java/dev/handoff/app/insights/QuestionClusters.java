package dev.handoff.app.insights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Groups questions by meaning: leader clustering (Hartigan, <i>Clustering Algorithms</i>, 1975, ch. 3)
 * over unit-length sentence embeddings. Questions are taken in the order given (newest first); each
 * joins the first group whose first question (its leader) has cosine similarity of at least
 * {@link #SAME_QUESTION} with it, or starts a new group. Questions without an embedding group by equal
 * text (case-insensitive). Each group's most central member is the one with the highest mean cosine
 * similarity to all members, found in one pass as the member closest to the sum of the group's vectors
 * (for unit vectors, {@code v·Σu / n} is that mean). Cost: one dot product per (question, leader) pair;
 * questions are compared in batches of 256 against cache-sized blocks of the leaders that exist before
 * the batch, on every core, then resolved in order against the batch's own new leaders, which gives
 * exactly the sequential result while reading each leader once per batch instead of once per question.
 */
public final class QuestionClusters {

    /** Cosine similarity from which two questions are the same question (tuned by eye on clinc150 dev, as analytics used). */
    public static final double SAME_QUESTION = 0.7;

    private QuestionClusters() {
    }

    /**
     * One group.
     *
     * @param members indexes into the input, in input order (the leader first)
     * @param central the index (into the input) of the most central member
     */
    public record Cluster(List<Integer> members, int central) {
        /** @return how many questions are in the group */
        public int size() {
            return members.size();
        }
    }

    /**
     * @param texts   the questions' texts
     * @param vectors their unit-length embeddings (same length as {@code texts}; entries may be {@code null})
     * @return the groups, largest first (ties: the group whose leader came first)
     */
    public static List<Cluster> of(List<String> texts, List<float[]> vectors) {
        int dims = vectors.stream().filter(v -> v != null).findFirst().map(v -> v.length).orElse(0);
        float[] leaders = new float[Math.max(dims, 1) * 64];
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> vectorGroups = new ArrayList<>(); // leader slot -> group index
        Map<String, Integer> byText = new HashMap<>();
        int[] firstLeader = new int[BATCH];
        for (int from = 0; from < texts.size(); from += BATCH) {
            int to = Math.min(texts.size(), from + BATCH);
            // the batch against the leaders that exist before it, blocked and in parallel: the first leader each joins
            int existing = vectorGroups.size();
            float[] snapshot = leaders;
            int start = from;
            java.util.stream.IntStream.range(0, (to - from + SLICE - 1) / SLICE).parallel().forEach(slice ->
                    firstLeaders(snapshot, existing, dims, vectors, start + slice * SLICE, Math.min(to, start + (slice + 1) * SLICE), firstLeader, start));
            for (int i = from; i < to; i++) {
                float[] v = vectors.get(i);
                Integer home = null;
                if (v != null && v.length == dims) {
                    int l = firstLeader[i - from];
                    for (int k = existing; l < 0 && k < vectorGroups.size(); k++) { // leaders created earlier in this batch
                        if (dot(leaders, k * dims, v, dims) >= SAME_QUESTION) {
                            l = k;
                        }
                    }
                    if (l >= 0) {
                        home = vectorGroups.get(l);
                    } else {
                        int count = vectorGroups.size();
                        if ((count + 1) * dims > leaders.length) {
                            leaders = java.util.Arrays.copyOf(leaders, leaders.length * 2);
                        }
                        System.arraycopy(v, 0, leaders, count * dims, dims);
                        home = groups.size();
                        vectorGroups.add(home);
                        groups.add(new ArrayList<>());
                    }
                } else {
                    home = byText.computeIfAbsent(texts.get(i).strip().toLowerCase(Locale.ROOT), k -> {
                        groups.add(new ArrayList<>());
                        return groups.size() - 1;
                    });
                }
                groups.get(home).add(i);
            }
        }
        List<Cluster> out = new ArrayList<>(groups.size());
        for (List<Integer> g : groups) {
            out.add(new Cluster(g, central(g, vectors, dims)));
        }
        out.sort((a, b) -> Integer.compare(b.size(), a.size())); // stable: earlier leaders first among equals
        return out;
    }

    /** Questions compared with the leaders at once (bounds memory traffic: each block of leaders is read once per batch). */
    private static final int BATCH = 256;
    /** Questions per parallel task within a batch. */
    private static final int SLICE = 32;
    /** Leaders per cache block (256 × 384 floats = 384 KiB). */
    private static final int BLOCK = 256;

    /** For questions [from, to): the first of the first {@code count} leaders with similarity ≥ {@link #SAME_QUESTION}, or -1. */
    private static void firstLeaders(float[] leaders, int count, int dims, List<float[]> vectors, int from, int to, int[] out, int base) {
        for (int i = from; i < to; i++) {
            out[i - base] = -1;
        }
        for (int block = 0; block < count; block += BLOCK) {
            int end = Math.min(count, block + BLOCK);
            for (int i = from; i < to; i++) {
                float[] v = vectors.get(i);
                if (out[i - base] >= 0 || v == null || v.length != dims) {
                    continue;
                }
                for (int l = block; l < end; l++) {
                    if (dot(leaders, l * dims, v, dims) >= SAME_QUESTION) {
                        out[i - base] = l;
                        break;
                    }
                }
            }
        }
    }

    /** Dot product with four accumulators (independent chains the CPU can overlap). */
    private static float dot(float[] a, int offset, float[] b, int dims) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dims; d += 4) {
            s0 += a[offset + d] * b[d];
            s1 += a[offset + d + 1] * b[d + 1];
            s2 += a[offset + d + 2] * b[d + 2];
            s3 += a[offset + d + 3] * b[d + 3];
        }
        for (; d < dims; d++) {
            s0 += a[offset + d] * b[d];
        }
        return s0 + s1 + s2 + s3;
    }

    private static int central(List<Integer> members, List<float[]> vectors, int dims) {
        double[] sum = new double[dims];
        int withVector = 0;
        for (int i : members) {
            float[] v = vectors.get(i);
            if (v != null && v.length == dims) {
                withVector++;
                for (int d = 0; d < dims; d++) {
                    sum[d] += v[d];
                }
            }
        }
        if (withVector < 2) {
            return members.get(0);
        }
        int best = members.get(0);
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i : members) {
            float[] v = vectors.get(i);
            if (v != null && v.length == dims) {
                double score = 0;
                for (int d = 0; d < dims; d++) {
                    score += v[d] * sum[d];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
        }
        return best;
    }
}
