package dev.handoff.app.knowledge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache of embeddings, for vectors that their key alone determines (so a
 * value computed twice by two threads is the same, and nothing needs invalidating). The computation runs
 * outside the lock. At most {@code maxEntries} vectors, about 1.6 KB of heap each at 384 floats.
 *
 * @param <K> what the vector is computed from
 */
final class VectorCache<K> {

    private final Map<K, float[]> cache;

    /** @param maxEntries vectors kept at most; the least recently used leaves first */
    VectorCache(int maxEntries) {
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, float[]> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** @return the cached vector of {@code key}, or {@code compute}'s (then cached) */
    float[] get(K key, Function<K, float[]> compute) {
        synchronized (cache) {
            float[] v = cache.get(key);
            if (v != null) {
                return v;
            }
        }
        float[] v = compute.apply(key);
        synchronized (cache) {
            cache.put(key, v);
        }
        return v;
    }
}
