package dev.handoff.bench;

import dev.handoff.app.search.EmbeddingService;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Carries the app's cosine-similarity thresholds from one embedding model to another ({@code -Dfrom}, default
 * all-MiniLM-L6-v2, {@code -Dto}, default bge-small-en-v1.5) by quantile matching: over every pair of clinc150
 * {@code val} utterances (3,000, so about 4.5 million pairs), a threshold {@code t} of the first model keeps the share
 * {@code q} of pairs with similarity ≥ {@code t}; the second model's threshold is the similarity that keeps the same
 * share. Two models rank pairs alike but spread them differently (BGE's similarities sit higher), so a threshold that
 * meant "this related" for one means it for the other. Prints, for each threshold of {@code -Dthresholds}, both
 * values, the share of pairs, and the share of the kept pairs that are the same intent (a check that the two cut
 * alike). Used for the in-process models' {@code EmbeddingService.Spec.Similarities}.
 */
public final class ThresholdCalibration {

    private ThresholdCalibration() {
    }

    public static void main(String[] args) throws Exception {
        String from = System.getProperty("from", "all-minilm-l6-v2");
        String to = System.getProperty("to", "bge-small-en-v1.5");
        double[] thresholds = Arrays.stream(System.getProperty("thresholds", "0.30,0.40,0.45,0.70").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        List<Datasets.Example> val = Datasets.clinc("val");
        Pairs a = pairs(from, val);
        Pairs b = pairs(to, val);
        System.out.printf("Similarity thresholds carried from %s to %s by quantile over %,d pairs of clinc150 val utterances:%n",
                from, to, a.sorted.length);
        for (double t : thresholds) {
            int kept = a.sorted.length - lowerBound(a.sorted, t);
            double share = (double) kept / a.sorted.length;
            double carried = b.sorted[b.sorted.length - Math.max(kept, 1)];
            double recall = a.sameIntentRecall(t);
            double byRecall = b.thresholdForRecall(recall);
            System.out.printf("  %.3f -> %.3f  (%.4f %% of pairs; same intent among them: %.1f %% / %.1f %%) | same-intent pairs kept: %.1f %%,"
                            + " kept as many at %.3f (same intent among all kept there: %.1f %%)%n", t, carried, 100 * share,
                    100 * a.sameIntentAtLeast(t), 100 * b.sameIntentAtLeast(carried), 100 * recall, byRecall, 100 * b.sameIntentAtLeast(byRecall));
        }
        System.exit(0);
    }

    private static int lowerBound(float[] sorted, double t) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Every pair's similarity (sorted) and, unsorted beside it, whether the pair shares an intent. */
    private record Pairs(float[] sorted, float[] similarity, boolean[] same) {
        /** @return the share of same-intent pairs with similarity ≥ t */
        double sameIntentRecall(double t) {
            long n = 0, s = 0;
            for (int i = 0; i < similarity.length; i++) {
                if (same[i]) {
                    n++;
                    s += similarity[i] >= t ? 1 : 0;
                }
            }
            return (double) s / n;
        }

        /** @return the highest similarity that keeps at least {@code recall} of the same-intent pairs */
        double thresholdForRecall(double recall) {
            float[] sims = new float[similarity.length];
            int n = 0;
            for (int i = 0; i < similarity.length; i++) {
                if (same[i]) {
                    sims[n++] = similarity[i];
                }
            }
            float[] sorted = Arrays.copyOf(sims, n);
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.floor((1 - recall) * n))];
        }

        double sameIntentAtLeast(double t) {
            long n = 0, s = 0;
            for (int i = 0; i < similarity.length; i++) {
                if (similarity[i] >= t) {
                    n++;
                    s += same[i] ? 1 : 0;
                }
            }
            return n == 0 ? 0 : (double) s / n;
        }
    }

    private static Pairs pairs(String model, List<Datasets.Example> examples) throws Exception {
        List<float[]> v = new ArrayList<>();
        try (EmbeddingCache cache = new EmbeddingCache(new EmbeddingService(model))) {
            examples.parallelStream().forEach(e -> cache.embed(e.text()));
            examples.forEach(e -> v.add(cache.embed(e.text())));
        }
        int n = v.size();
        float[] sim = new float[n * (n - 1) / 2];
        boolean[] same = new boolean[sim.length];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sim[k] = (float) EmbeddingService.cosine(v.get(i), v.get(j));
                same[k++] = examples.get(i).label().equals(examples.get(j).label());
            }
        }
        float[] sorted = sim.clone();
        Arrays.sort(sorted);
        return new Pairs(sorted, sim, same);
    }
}
