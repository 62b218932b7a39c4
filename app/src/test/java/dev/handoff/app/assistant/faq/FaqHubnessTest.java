package dev.handoff.app.assistant.faq;

import dev.handoff.app.search.EmbeddingService;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hubness of FAQ items: the mean similarity to the nearest other items' phrasings, centred on the FAQ. */
class FaqHubnessTest {

    private static float[] unit(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return EmbeddingService.normalise(f);
    }

    private static FaqHubness.ItemVectors item(UUID id, float[] question) {
        return new FaqHubness.ItemVectors(id, List.of(question), question);
    }

    @Test
    void threeItemsByHand() {
        UUID a = UUID.randomUUID(), b = UUID.randomUUID(), c = UUID.randomUUID();
        // a and b at cosine 0.6, c orthogonal to both; answers equal questions, so a pair's score is its cosine
        Map<UUID, Double> h = FaqHubness.of(List.of(item(a, unit(1, 0, 0)), item(b, unit(0.6, 0.8, 0)), item(c, unit(0, 0, 1))));
        // raw: a = (0.6 + 0) / 2, b = (0.6 + 0) / 2, c = (0 + 0) / 2; mean 0.2; each averaged over 2 of 10 neighbours
        assertEquals(0.1 * 0.2, h.get(a), 1e-6);
        assertEquals(0.1 * 0.2, h.get(b), 1e-6);
        assertEquals(-0.2 * 0.2, h.get(c), 1e-6);
    }

    @Test
    void onlyTheNearestNeighboursCountAndTheValuesAreCentred() {
        // a hub with twelve close neighbours against an item with the same twelve far away: each is averaged over
        // its ten nearest, so the hub is well above the one apart, and the FAQ's values sum to zero
        List<FaqHubness.ItemVectors> items = new ArrayList<>();
        UUID hub = UUID.randomUUID(), apart = UUID.randomUUID();
        items.add(item(hub, unit(1, 0, 0, 0)));
        items.add(item(apart, unit(0, 0, 0, 1)));
        for (int i = 0; i < 12; i++) {
            items.add(item(UUID.randomUUID(), unit(1, 0.3 + 0.05 * i, 0.1 * i, 0.05)));
        }
        Map<UUID, Double> h = FaqHubness.of(items);
        assertTrue(h.get(hub) > h.get(apart) + 0.5, h.toString());
        assertEquals(0, h.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    }

    @Test
    void anFaqOfOneItemHasNoHubness() {
        UUID a = UUID.randomUUID();
        assertEquals(Map.of(a, 0.0), FaqHubness.of(List.of(item(a, unit(1, 0)))));
        assertEquals(Map.of(), FaqHubness.of(List.of()));
    }
}
