package dev.handoff.app.insights;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Leader clustering of unanswered questions over unit vectors. */
class QuestionClustersTest {

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
        List<QuestionClusters.Cluster> groups = QuestionClusters.of(texts, vectors);
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
        List<QuestionClusters.Cluster> groups = QuestionClusters.of(texts, vectors);
        assertEquals(2, groups.size());
        assertEquals(List.of(0, 1), groups.get(0).members());
        assertEquals(List.of(2), groups.get(1).members());
    }
}
