package dev.handoff.app.cluster;

import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The race rule of {@link SharedCaches}: a read is cached unless its own key was invalidated while it ran. */
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
