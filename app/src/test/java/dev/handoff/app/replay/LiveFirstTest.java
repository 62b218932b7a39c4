package dev.handoff.app.replay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
        work(Duration.ofMillis(20));
        assertEquals(0, first.giveWay());
        assertEquals(1, looks.get());
    }

    @Test
    void pausesUntilTheLiveTurnsAreTaken() {
        AtomicInteger queued = new AtomicInteger(3);
        // each look finds one turn fewer queued: the fourth look finds none
        LiveFirst first = new LiveFirst(() -> Math.max(0, queued.getAndDecrement()), Duration.ofSeconds(30), Duration.ofMillis(1));
        work(Duration.ofSeconds(1)); // a budget well above the few milliseconds of the pause
        long paused = first.giveWay();
        assertTrue(paused > 0, "paused " + paused + " ns");
        assertTrue(paused < Duration.ofSeconds(1).toNanos(), "paused " + paused + " ns: gave up at a limit instead of when the queue emptied");
        assertEquals(-1, queued.get(), "looked until the queue was empty, and no further");
    }

    @Test
    void aQueueThatNeverEmptiesCostsAtMostTheMaximumPausePerCall() {
        LiveFirst first = new LiveFirst(() -> 5, Duration.ofMillis(50), Duration.ofMillis(1));
        work(Duration.ofMillis(500));
        long paused = first.giveWay();
        assertTrue(paused >= Duration.ofMillis(50).toNanos(), "paused only " + paused + " ns");
        assertTrue(paused < Duration.ofMillis(400).toNanos(), "paused " + paused + " ns");
    }

    @Test
    void theWorkNeverPausesLongerInAllThanItHasWorked() {
        LiveFirst first = new LiveFirst(() -> 5, Duration.ofSeconds(10), Duration.ofMillis(1));
        work(Duration.ofMillis(100));
        long paused = 0;
        for (int i = 0; i < 5; i++) {
            paused += first.giveWay();
        }
        assertEquals(paused, first.paused());
        // 100 ms worked (plus the few instructions in between): at most about 100 ms paused in all
        assertTrue(paused >= Duration.ofMillis(100).toNanos(), "paused only " + paused + " ns");
        assertTrue(paused < Duration.ofMillis(300).toNanos(), "paused " + paused + " ns after working 100 ms");
    }

    /** Time spent on the work before giving way (the pause budget grows with it). */
    private static void work(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }
}
