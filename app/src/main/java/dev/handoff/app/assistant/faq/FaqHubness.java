package dev.handoff.app.assistant.faq;

import dev.handoff.app.search.EmbeddingService;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How much of a "hub" each FAQ item is: an item whose question sits among many of the FAQ's other phrasings
 * is near to many messages that are not about it, so its raw similarity overstates how well it fits. The
 * assistant's score subtracts {@link FaqGate#hubnessWeight} × this value ({@link FaqDecider}).
 *
 * <p>An item's raw hubness is the mean, over the {@value #NEIGHBOURS} phrasings of other items nearest to it,
 * of {@code (best phrasing cosine + answer cosine) / 2}: the item's score (at the calibrated answer weight, 1)
 * with the other phrasing as the message. This is the neighbourhood term of cross-domain similarity local scaling (CSLS; Conneau et
 * al., "Word translation without parallel data", ICLR 2018), a correction for hubness in nearest-neighbour
 * retrieval (Radovanović et al., JMLR 2010), with the FAQ's own phrasings as the reference set, so it needs no
 * past messages. The values are then centred on the FAQ's mean: only how an item stands against the store's
 * other items moves its score, so the gate's thresholds keep their meaning for an FAQ of 5 items or of 500
 * (a small FAQ's neighbours are farther away, which uncentred values would turn into looser answers). Last, an
 * item with fewer than {@value #NEIGHBOURS} other phrasings around has its value scaled down in proportion: in a
 * three-item FAQ two pairs are too little evidence to move a score much.
 *
 * <p>Cost: one cosine per pair of phrasing vectors (plus one per phrasing and answer), on every core, growing
 * with the square of the phrasings; above {@value #MAX_REFERENCE} phrasings only the items' questions serve as
 * the other items' phrasings, which bounds it. Measured on 2 cores: 5 ms for 100 phrasings, 30 ms for 300,
 * 0.18 s for 1,000, 1.5 s for 3,000 questions.
 */
public final class FaqHubness {

    /** Neighbours averaged (CSLS's k). */
    public static final int NEIGHBOURS = 10;

    /** Above this many phrasings in the FAQ, other items are represented by their questions alone. */
    static final int MAX_REFERENCE = 1_500;

    /**
     * One item's vectors.
     *
     * @param id        the item
     * @param phrasings unit vectors of its question and alternate phrasings, at least one
     * @param answer    unit vector of its answer
     */
    public record ItemVectors(UUID id, List<float[]> phrasings, float[] answer) {
    }

    private FaqHubness() {
    }

    /**
     * @param items every item of one FAQ (published ones: what the assistant retrieves)
     * @return each item's hubness (immutable), centred (the values sum to 0 when every item has {@value #NEIGHBOURS} other phrasings
     *         around); 0 for every item of an FAQ of fewer than two
     */
    public static Map<UUID, Double> of(List<ItemVectors> items) {
        if (items.size() < 2) {
            Map<UUID, Double> zero = new HashMap<>();
            items.forEach(i -> zero.put(i.id(), 0.0));
            return Map.copyOf(zero);
        }
        boolean questionsOnly = items.stream().mapToInt(i -> i.phrasings().size()).sum() > MAX_REFERENCE;
        double[][] raw = java.util.stream.IntStream.range(0, items.size()).parallel().mapToObj(i -> raw(items, i, questionsOnly))
                .toArray(double[][]::new);
        double mean = Arrays.stream(raw).mapToDouble(r -> r[0]).average().orElse(0);
        Map<UUID, Double> out = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            out.put(items.get(i).id(), (raw[i][0] - mean) * raw[i][1]);
        }
        return Map.copyOf(out);
    }

    /** @return the item's raw hubness and the share of {@link #NEIGHBOURS} it was averaged over (1 with enough phrasings) */
    private static double[] raw(List<ItemVectors> items, int self, boolean questionsOnly) {
        ItemVectors item = items.get(self);
        double[] nearest = new double[NEIGHBOURS]; // the highest similarities so far, ascending
        Arrays.fill(nearest, Double.NEGATIVE_INFINITY);
        int seen = 0;
        for (int j = 0; j < items.size(); j++) {
            if (j == self) {
                continue;
            }
            List<float[]> others = items.get(j).phrasings();
            for (float[] other : questionsOnly ? others.subList(0, 1) : others) {
                double best = -1;
                for (float[] own : item.phrasings()) {
                    best = Math.max(best, EmbeddingService.cosine(other, own));
                }
                double s = (best + EmbeddingService.cosine(other, item.answer())) / 2;
                seen++;
                if (s > nearest[0]) {
                    int k = 0;
                    while (k + 1 < NEIGHBOURS && nearest[k + 1] < s) {
                        nearest[k] = nearest[k + 1];
                        k++;
                    }
                    nearest[k] = s;
                }
            }
        }
        int n = Math.min(seen, NEIGHBOURS);
        double sum = 0;
        for (int k = NEIGHBOURS - n; k < NEIGHBOURS; k++) {
            sum += nearest[k];
        }
        return new double[]{sum / n, (double) n / NEIGHBOURS};
    }
}
