package dev.handoff.app.replay;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Background work gives way to live shoppers: while live assistant turns run or queue on this node (they
 * want the CPU the background work is using), {@link #giveWay} pauses the caller a step at a time, up to
 * a maximum per call, so the background work slows down under live load instead of delaying replies.
 * It still finishes: in all, it pauses no longer than it has worked since this object was made, so it
 * takes at most about twice its time alone. One instance per run of the background work.
 */
final class LiveFirst {

    private final IntSupplier liveTurns;
    private final long maxPauseNanos;
    private final long stepNanos;
    private final long started = System.nanoTime();
    private long paused;

    /**
     * @param liveTurns live turns running or queued now (e.g. {@code AssistantQueue::inProgress})
     * @param maxPause longest pause of one {@link #giveWay} call
     * @param step     how often the queue is looked at while paused
     */
    LiveFirst(IntSupplier liveTurns, Duration maxPause, Duration step) {
        this.liveTurns = liveTurns;
        this.maxPauseNanos = maxPause.toNanos();
        this.stepNanos = step.toNanos();
    }

    /**
     * Returns once no live turn runs or waits, after the maximum pause, or when the pauses so far add up
     * to the time worked.
     *
     * @return nanoseconds paused by this call
     */
    long giveWay() {
        long start = System.nanoTime();
        long worked = start - started - paused;
        long budget = Math.min(maxPauseNanos, worked - paused);
        if (budget <= 0 || liveTurns.getAsInt() == 0) {
            return 0;
        }
        long until = start + budget;
        do {
            LockSupport.parkNanos(stepNanos);
        } while (liveTurns.getAsInt() > 0 && System.nanoTime() < until);
        long took = System.nanoTime() - start;
        paused += took;
        return took;
    }

    /** @return nanoseconds paused in all */
    long paused() {
        return paused;
    }
}
