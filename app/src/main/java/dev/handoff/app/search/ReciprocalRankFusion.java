package dev.handoff.app.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion outperforms Condorcet
 * and individual Rank Learning Methods", SIGIR 2009): {@code score(d) = Σ 1 / (k + rank_i(d))} over
 * the rankings that contain {@code d}, ranks starting at 1, {@code k = 60} as in the paper. Used by
 * every search backend, so the embedded index and Elasticsearch fuse identically.
 */
public final class ReciprocalRankFusion {

    /** The paper's constant. */
    public static final int K = 60;

    private ReciprocalRankFusion() {
    }

    /**
     * Fuses rankings of ids.
     *
     * @param rankings each best first; an id may be missing from any of them
     * @param <T>      id type
     * @return ids with their fused score, best first; ties keep first-seen order
     */
    @SafeVarargs
    public static <T> List<Fused<T>> fuse(List<T>... rankings) {
        Map<T, Double> scores = new LinkedHashMap<>();
        for (List<T> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                scores.merge(ranking.get(i), 1.0 / (K + i + 1), Double::sum);
            }
        }
        List<Fused<T>> out = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> out.add(new Fused<>(id, score)));
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out;
    }

    /** @param id the id @param score its fused score @param <T> id type */
    public record Fused<T>(T id, double score) {
    }
}
