package dev.handoff.app.search;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The embedded FAQ index's vector ranking is exact: over many segments, after updates and deletions
 * and beside another store's items, it returns exactly the items a brute-force scan of the current
 * phrasings ranks first, each with its best phrasing's cosine similarity.
 */
class LuceneFaqIndexTest {

    private static final int DIM = EmbeddingService.DIMENSIONS;

    @Test
    void vectorRankingIsTheExactNearestItemsOfTheStoreAfterUpdatesAndDeletions() throws IOException {
        Random random = new Random(7);
        LuceneFaqIndex index = new LuceneFaqIndex(Files.createTempDirectory("handoff-faq").toString(), new SearchAnalysis());
        try {
            UUID store = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            Map<UUID, List<float[]>> current = new HashMap<>();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 120; i++) { // one segment per write: the search spans many
                UUID id = UUID.randomUUID();
                ids.add(id);
                current.put(id, write(index, store, id, random));
                write(index, other, UUID.randomUUID(), random); // another store's, never returned
            }
            for (UUID id : ids.subList(0, 30)) { // new phrasings replace the old ones
                current.put(id, write(index, store, id, random));
            }
            for (UUID id : ids.subList(30, 50)) {
                index.delete(id);
                current.remove(id);
            }

            for (int q = 0; q < 20; q++) {
                float[] query = unit(random);
                List<FaqHit> hits = index.search(store, "", query, 10, SearchMode.vector);
                List<Map.Entry<UUID, Double>> expected = current.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue().stream().mapToDouble(v -> EmbeddingService.cosine(query, v)).max().orElseThrow()))
                        .sorted(Map.Entry.<UUID, Double>comparingByValue(Comparator.reverseOrder())).limit(10).toList();
                assertEquals(expected.stream().map(Map.Entry::getKey).toList(), hits.stream().map(FaqHit::itemId).toList());
                for (int i = 0; i < hits.size(); i++) {
                    assertEquals(expected.get(i).getValue(), hits.get(i).similarity(), 1e-5);
                    assertEquals(i + 1, hits.get(i).vectorRank());
                }
            }
        } finally {
            index.close();
        }
    }

    private static List<float[]> write(LuceneFaqIndex index, UUID store, UUID id, Random random) {
        int n = 1 + random.nextInt(4);
        List<float[]> vectors = IntStream.range(0, n).mapToObj(i -> unit(random)).toList();
        index.upsert(new FaqDocument(store, id, IntStream.range(0, n).mapToObj(i -> "phrasing " + i).toList(), vectors,
                "answer", Instant.now()));
        return vectors;
    }

    private static float[] unit(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return EmbeddingService.normalise(v);
    }
}
