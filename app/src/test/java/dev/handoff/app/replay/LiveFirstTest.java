package dev.handoff.app.replay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveFirstTest {

    @Test
    void nothingWaitingMeansNoPause() {
        AtomicInteger looks = new AtomicInteger();
        LiveFirst first = new LiveFirst(() -> {
            looks.incrementAndGet();
            return 0;
        }, Duration.ofSeconds(5), Duration.ofMillis(1));
        assertEquals(0, first.giveWay());
        assertEquals(1, looks.get());
    }

    @Test
    void pausesUntilTheLiveTurnsAreTaken() {
        AtomicInteger queued = new AtomicInteger(3);
        // each look finds one turn fewer queued: the fourth look finds none
        LiveFirst first = new LiveFirst(() -> Math.max(0, queued.getAndDecrement()), Duration.ofSeconds(30), Duration.ofMillis(1));
        long paused = first.giveWay();
        assertTrue(paused > 0, "paused " + paused + " ns");
        assertTrue(paused < Duration.ofSeconds(30).toNanos(), "gave up at the maximum instead of when the queue emptied");
        assertEquals(-1, queued.get(), "looked until the queue was empty, and no further");
    }

    @Test
    void aQueueThatNeverEmptiesCostsAtMostTheMaximumPause() {
        LiveFirst first = new LiveFirst(() -> 5, Duration.ofMillis(50), Duration.ofMillis(1));
        long paused = first.giveWay();
        assertTrue(paused >= Duration.ofMillis(50).toNanos(), "paused only " + paused + " ns");
        assertTrue(paused < Duration.ofSeconds(5).toNanos(), "paused " + paused + " ns");
    }
}
