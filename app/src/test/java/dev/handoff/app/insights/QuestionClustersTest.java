package dev.handoff.app.insights;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leader clustering of unanswered questions over unit vectors. */
class QuestionClustersTest {

    /** all-MiniLM-L6-v2's threshold (the synthetic vectors below are spread for it). */
    private static final double SAME_QUESTION = 0.7;

    private static float[] unit(double... v) {
        double n = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    @Test
    void groupsBySimilarityToTheLeaderLargestFirstWithTheMostCentralMember() {
        List<String> texts = List.of("a1", "b1", "a2", "a3", "b2", "c1");
        List<float[]> vectors = List.of(unit(1, 0.3, 0), unit(0, 1, 0), unit(1, 0, 0), unit(1, -0.3, 0), unit(0.1, 1, 0), unit(0, 0, 1));
        List<QuestionClusters.Cluster> groups = QuestionClusters.of(texts, vectors, SAME_QUESTION);
        assertEquals(3, groups.size());
        assertEquals(List.of(0, 2, 3), groups.get(0).members());
        assertEquals(2, groups.get(0).central(), "a2 lies between a1 and a3");
        assertEquals(List.of(1, 4), groups.get(1).members());
        assertEquals(List.of(5), groups.get(2).members());
        assertEquals(5, groups.get(2).central());
    }

    @Test
    void questionsWithoutAnEmbeddingGroupByEqualText() {
        List<String> texts = List.of("Gift cards?", "gift cards? ", "refund?");
        List<float[]> vectors = Arrays.asList(null, null, unit(1, 0));
        List<QuestionClusters.Cluster> groups = QuestionClusters.of(texts, vectors, SAME_QUESTION);
        assertEquals(2, groups.size());
        assertEquals(List.of(0, 1), groups.get(0).members());
        assertEquals(List.of(2), groups.get(1).members());
    }

    @Test
    void theSketchFilterGivesTheExhaustiveLeaderPassGroups() {
        // 3,000 384-dimensional questions around 300 topics, spread so that many lie near the threshold
        Random random = new Random(7);
        int dims = 384;
        double[][] topics = new double[300][dims];
        for (double[] t : topics) {
            for (int d = 0; d < dims; d++) {
                t[d] = random.nextGaussian();
            }
        }
        List<float[]> vectors = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            double[] t = topics[random.nextInt(topics.length)];
            double noise = 0.5 + random.nextDouble() * 0.6;
            double[] v = new double[dims];
            for (int d = 0; d < dims; d++) {
                v[d] = t[d] + noise * random.nextGaussian();
            }
            vectors.add(unit(v));
            texts.add("q" + i);
        }
        List<List<Integer>> expected = exhaustive(vectors);
        List<QuestionClusters.Cluster> groups = QuestionClusters.of(texts, vectors, SAME_QUESTION);
        assertEquals(expected, groups.stream().map(QuestionClusters.Cluster::members).toList());
        assertTrue(groups.size() > 300 && groups.size() < 2_900, "questions both join and start groups: " + groups.size());
    }

    /** The definition: each question joins the first leader with cosine ≥ 0.7, compared with every leader in order. */
    private static List<List<Integer>> exhaustive(List<float[]> vectors) {
        List<Integer> leaders = new ArrayList<>();
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            int home = -1;
            for (int l = 0; l < leaders.size() && home < 0; l++) {
                if (QuestionClusters.dot(vectors.get(leaders.get(l)), vectors.get(i)) >= SAME_QUESTION) {
                    home = l;
                }
            }
            if (home < 0) {
                leaders.add(i);
                groups.add(new ArrayList<>());
                home = groups.size() - 1;
            }
            groups.get(home).add(i);
        }
        List<List<Integer>> sorted = new ArrayList<>(groups);
        sorted.sort((x, y) -> Integer.compare(y.size(), x.size()));
        return sorted;
    }
}
