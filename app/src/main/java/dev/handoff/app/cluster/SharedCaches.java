package dev.handoff.app.cluster;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * Per-node caches of shared data that agree across the nodes: a change invalidates the entry here and,
 * through the {@link ClusterBus} ({@value #KIND} events: cache name, key), on every other node at the
 * changing transaction's commit, so a node sees another's change within the notification's delivery
 * time (milliseconds; well under a second). While the bus is out of touch with the other nodes, caches
 * are bypassed (every read goes to the database), and they are emptied when it is back. Readers of one key at
 * the same time share one load ({@link Cache#get}), connected or not.
 * <p>
 * A read that raced with an invalidation of its key is not cached: each cache keeps {@value #STRIPES}
 * generation counters, a key's chosen by its hash, bumped by every invalidation of a key of that stripe (all of
 * them by {@link #onResync}), and a value is stored only when its key's counter did not move while it was read.
 * An invalidation of one key (one store's FAQ) leaves the reads of most other keys cacheable.
 */
@Singleton
public class SharedCaches implements ClusterListener {

    static final String KIND = "cache";
    /** How long a reader waits for another reader's load of the same key before loading it itself, in milliseconds. */
    static final long SHARED_WAIT_MILLIS = 2_000;
    /** Generation counters per cache (a power of two). */
    static final int STRIPES = 64;

    private final ClusterBus bus;
    private final TransactionOperations<Connection> transactions;
    private final Map<String, Cache<?>> caches = new ConcurrentHashMap<>();

    SharedCaches(ClusterBus bus, TransactionOperations<Connection> transactions) {
        this.bus = bus;
        this.transactions = transactions;
    }

    /** @return the cache called {@code name} (one per kind of value, e.g. {@code settings}), created on first use */
    public <V> Cache<V> cache(String name) {
        return cache(name, Integer.MAX_VALUE);
    }

    /**
     * @param maxEntries values kept at most: a cache that is full is emptied before it takes the next one
     * @return the cache called {@code name}, created on first use with that bound
     */
    @SuppressWarnings("unchecked")
    public <V> Cache<V> cache(String name, int maxEntries) {
        return (Cache<V>) caches.computeIfAbsent(name, n -> new Cache<>(n, maxEntries));
    }

    @Override
    public Set<String> kinds() {
        return Set.of(KIND);
    }

    @Override
    public void onClusterEvent(ClusterEvent event) {
        Cache<?> c = caches.get(event.ids().get(0));
        if (c != null) {
            c.forget(event.uuid(1));
        }
    }

    @Override
    public void onResync() {
        caches.values().forEach(Cache::clear);
    }

    private record Load<V>(long generation, CompletableFuture<V> result) {
    }

    /** One cache of values by id. @param <V> the value */
    public final class Cache<V> {

        private final String name;
        private final int maxEntries;
        private final Map<UUID, V> values = new ConcurrentHashMap<>();
        private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
        /** The load under way per key, with the key's generation when it started. */
        private final Map<UUID, Load<V>> loading = new ConcurrentHashMap<>();

        private Cache(String name, int maxEntries) {
            this.name = name;
            this.maxEntries = maxEntries;
        }

        private void makeRoom(int more) {
            if (values.size() + more > maxEntries) {
                values.clear();
            }
        }

        /**
         * The cached value of {@code key}, or {@code loader}'s, cached when nothing invalidated the key meanwhile.
         * One load per key runs at a time: a caller that finds the key's load under way, started after the key's
         * last invalidation, waits for it and shares its value or its exception (a caller after an invalidation
         * starts a load of its own, so nobody who came after a change gets the value from before it). A reader that
         * waited {@value #SHARED_WAIT_MILLIS} ms loads the key itself (the load under way may be waiting for a
         * database connection the reader holds). {@code loader} must not read the same key of this cache.
         *
         * @return the value ({@code null} when the loader gives none; that is never cached)
         */
        public V get(UUID key, Function<UUID, V> loader) {
            boolean connected = bus.connected();
            if (connected) {
                V hit = values.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            long before = generation(key);
            Load<V> mine = new Load<>(before, new CompletableFuture<>());
            Load<V> running = loading.compute(key, (k, load) -> load != null && load.generation() == before ? load : mine);
            if (running != mine) {
                try {
                    return running.result().get(SHARED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException slow) {
                    // the load under way may be waiting for a database connection this reader holds: load it here
                    return load(key, loader, before, connected);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for " + name + " " + key, e);
                }
            }
            try {
                V read = load(key, loader, before, connected);
                mine.result().complete(read);
                return read;
            } catch (Throwable e) {
                mine.result().completeExceptionally(e);
                throw e;
            } finally {
                loading.remove(key, mine);
            }
        }

        /** Reads the key and caches its value when it is connected and nothing invalidated the key since {@code before}. */
        private V load(UUID key, Function<UUID, V> loader, long before, boolean connected) {
            V read = loader.apply(key);
            if (connected && read != null && generation(key) == before && bus.connected()) {
                makeRoom(1);
                values.putIfAbsent(key, read);
                if (generation(key) != before) {
                    values.remove(key);
                }
            }
            return read;
        }

        /**
         * The cached values of {@code keys}, the missing ones read with one call of {@code loader} (and cached
         * as {@link #get} caches).
         *
         * @param loader reads the values of the keys it is given; a key it leaves out has no value
         * @return the values found, by key
         */
        public Map<UUID, V> getAll(Collection<UUID> keys, Function<List<UUID>, Map<UUID, V>> loader) {
            if (!bus.connected()) {
                return loader.apply(List.copyOf(keys));
            }
            Map<UUID, V> out = new HashMap<>();
            List<UUID> missing = new ArrayList<>();
            for (UUID k : keys) {
                V hit = values.get(k);
                if (hit != null) {
                    out.put(k, hit);
                } else {
                    missing.add(k);
                }
            }
            if (missing.isEmpty()) {
                return out;
            }
            Map<UUID, Long> before = new HashMap<>();
            missing.forEach(k -> before.put(k, generation(k)));
            Map<UUID, V> read = loader.apply(missing);
            out.putAll(read);
            if (bus.connected()) {
                Map<UUID, V> unchanged = new HashMap<>();
                read.forEach((k, v) -> {
                    if (before.containsKey(k) && generation(k) == before.get(k)) {
                        unchanged.put(k, v);
                    }
                });
                makeRoom(unchanged.size());
                values.putAll(unchanged);
                unchanged.keySet().stream().filter(k -> generation(k) != before.get(k)).forEach(values::remove);
            }
            return out;
        }

        /**
         * Forgets {@code key} here now and again when the caller's transaction ends (a read in between may
         * have cached the old value), and on every other node when it commits (at once outside a transaction).
         */
        public void invalidate(UUID key) {
            forget(key);
            transactions.findTransactionStatus().ifPresent(status -> status.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(Status completed) {
                    forget(key);
                }
            }));
            bus.announce(KIND, name, key);
        }

        void forget(UUID key) {
            generations.incrementAndGet(stripe(key));
            values.remove(key);
        }

        void clear() {
            for (int i = 0; i < STRIPES; i++) {
                generations.incrementAndGet(i);
            }
            values.clear();
        }

        private long generation(UUID key) {
            return generations.get(stripe(key));
        }

        private static int stripe(UUID key) {
            return key.hashCode() & (STRIPES - 1);
        }
    }
}
