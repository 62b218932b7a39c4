package dev.handoff.app.cluster;

import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race rules of {@link SharedCaches}: a read is cached unless its own key was invalidated while it ran, and
 * readers of one key share one load unless the key was invalidated since it started.
 */
class SharedCachesTest {

    private final SharedCaches caches = TestApp.api().app().context().getBean(SharedCaches.class);

    @Test
    void aReadRacingWithItsOwnKeysInvalidationIsNotCached() {
        SharedCaches.Cache<String> cache = caches.cache("test-own-" + UUID.randomUUID());
        UUID key = UUID.randomUUID();
        AtomicInteger loads = new AtomicInteger();
        assertEquals("old", cache.get(key, k -> {
            loads.incrementAndGet();
            cache.invalidate(k); // the value changed while it was read
            return "old";
        }));
        assertEquals("new", cache.get(key, k -> {
            loads.incrementAndGet();
            return "new";
        }));
        assertEquals(2, loads.get(), "the raced read was not kept");
        assertEquals("new", cache.get(key, k -> "not read"));
    }

    @Test
    void anotherKeysInvalidationLeavesAReadCacheable() {
        SharedCaches.Cache<String> cache = caches.cache("test-other-" + UUID.randomUUID());
        UUID key = UUID.randomUUID();
        UUID other = otherStripe(key);
        assertEquals("a", cache.get(key, k -> {
            cache.invalidate(other); // another store's FAQ changed meanwhile
            return "a";
        }));
        assertEquals("a", cache.get(key, k -> "read again"), "cached although another key was invalidated");

        UUID second = UUID.randomUUID();
        UUID third = otherStripe(second);
        Map<UUID, String> read = cache.getAll(List.of(second, third), ks -> {
            cache.invalidate(third);
            return Map.of(second, "2", third, "3");
        });
        assertEquals(Map.of(second, "2", third, "3"), read);
        assertEquals(Map.of(second, "2", third, "3 again"), cache.getAll(List.of(second, third), ks -> Map.of(third, "3 again")),
                "the key invalidated during the batch read is read again, the other comes from the cache");
    }

    @Test
    void readersOfOneKeyAtTheSameTimeShareOneLoad() throws Exception {
        SharedCaches.Cache<String> cache = caches.cache("test-share-" + UUID.randomUUID());
        UUID key = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        FutureTask<String> first = heldLoad(cache, key, release, () -> {
            loads.incrementAndGet();
            return "shared";
        });
        FutureTask<String> second = startWaiting(() -> cache.get(key, k -> {
            loads.incrementAndGet();
            return "its own";
        }));
        release.countDown();
        assertEquals("shared", first.get());
        assertEquals("shared", second.get(), "the second reader waited for the first one's load");
        assertEquals(1, loads.get());
    }

    @Test
    void aReaderAfterAnInvalidationDoesNotShareTheLoadFromBeforeIt() throws Exception {
        SharedCaches.Cache<String> cache = caches.cache("test-after-" + UUID.randomUUID());
        UUID key = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        FutureTask<String> before = heldLoad(cache, key, release, () -> "before the change");
        cache.invalidate(key); // the store's FAQ changed while the first load ran
        FutureTask<String> after = start(() -> cache.get(key, k -> "after the change"));
        try {
            assertEquals("after the change", after.get(30, TimeUnit.SECONDS), "read at once, without waiting for the older load");
        } finally {
            release.countDown();
        }
        assertEquals("before the change", before.get());
        assertEquals("after the change", cache.get(key, k -> "not read"), "the newer read is the one cached");
    }

    @Test
    void aFailedLoadFailsItsWaitersAndTheNextReaderLoadsAgain() throws Exception {
        SharedCaches.Cache<String> cache = caches.cache("test-fail-" + UUID.randomUUID());
        UUID key = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        FutureTask<String> first = heldLoad(cache, key, release, () -> {
            throw new IllegalStateException("database gone");
        });
        FutureTask<String> second = startWaiting(() -> cache.get(key, k -> "not read: it waits for the first load"));
        release.countDown();
        for (FutureTask<String> reader : List.of(first, second)) {
            ExecutionException e = assertThrows(ExecutionException.class, reader::get);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("database gone", e.getCause().getMessage());
        }
        assertEquals("back", cache.get(key, k -> "back"));
    }

    @Test
    void aReaderWaitsForAnotherLoadOnlySoLongThenLoadsItself() throws Exception {
        SharedCaches.Cache<String> cache = caches.cache("test-slow-" + UUID.randomUUID());
        UUID key = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        FutureTask<String> stuck = heldLoad(cache, key, release, () -> "late");
        try {
            long start = System.nanoTime();
            assertEquals("its own", cache.get(key, k -> "its own"), "a load stuck (say, on a database connection this reader holds) is not waited for");
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= SharedCaches.SHARED_WAIT_MILLIS, "it waited " + waited + " ms for the load under way first");
        } finally {
            release.countDown();
        }
        assertEquals("late", stuck.get());
    }

    /**
     * Starts a read of {@code key} in a thread of its own whose load, once begun, waits for {@code release} and then
     * gives {@code value}'s result; returns when the load has begun.
     */
    private static FutureTask<String> heldLoad(SharedCaches.Cache<String> cache, UUID key, CountDownLatch release,
                                               Supplier<String> value) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        FutureTask<String> reader = start(() -> cache.get(key, k -> {
            started.countDown();
            await(release);
            return value.get();
        }));
        started.await();
        return reader;
    }

    private static <T> FutureTask<T> start(Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        new Thread(f).start();
        return f;
    }

    /** Starts {@code read} in a thread of its own and returns once the thread waits (for a load under way); fails when it ends first. */
    private static <T> FutureTask<T> startWaiting(Callable<T> read) {
        FutureTask<T> f = new FutureTask<>(read);
        Thread t = new Thread(f);
        t.start();
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            assertNotEquals(Thread.State.TERMINATED, t.getState(), "the reader ended without waiting");
            Thread.onSpinWait();
        }
        return f;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return a key whose generation counter differs from {@code key}'s */
    private static UUID otherStripe(UUID key) {
        while (true) {
            UUID u = UUID.randomUUID();
            if ((u.hashCode() & (SharedCaches.STRIPES - 1)) != (key.hashCode() & (SharedCaches.STRIPES - 1))) {
                return u;
            }
        }
    }
}
