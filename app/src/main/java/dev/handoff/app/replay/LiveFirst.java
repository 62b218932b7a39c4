package dev.handoff.app.replay;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Background work gives way to live shoppers: while live assistant turns queue on this node (they wait
 * for the CPU the background work is using), {@link #giveWay} pauses the caller a step at a time, up to
 * a maximum per call, so the background work slows down under live load instead of delaying replies,
 * and still finishes.
 */
final class LiveFirst {

    private final IntSupplier waiting;
    private final long maxPauseNanos;
    private final long stepNanos;

    /**
     * @param waiting  live turns queued now (e.g. {@code AssistantQueue::waiting})
     * @param maxPause longest pause of one {@link #giveWay} call
     * @param step     how often the queue is looked at while paused
     */
    LiveFirst(IntSupplier waiting, Duration maxPause, Duration step) {
        this.waiting = waiting;
        this.maxPauseNanos = maxPause.toNanos();
        this.stepNanos = step.toNanos();
    }

    /** Returns once no live turn waits, or after the maximum pause. @return nanoseconds paused */
    long giveWay() {
        if (waiting.getAsInt() == 0) {
            return 0;
        }
        long start = System.nanoTime();
        long until = start + maxPauseNanos;
        do {
            LockSupport.parkNanos(stepNanos);
        } while (waiting.getAsInt() > 0 && System.nanoTime() < until);
        return System.nanoTime() - start;
    }
}
