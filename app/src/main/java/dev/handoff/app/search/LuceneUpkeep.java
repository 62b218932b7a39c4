package dev.handoff.app.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background upkeep of an embedded Lucene index (refreshing readers, committing to disk) on one
 * daemon thread owned by the index and stopped, after its current step, before the index closes its
 * writer.
 *
 * <p>Not Micronaut's {@code @Scheduled}: a scheduled method looks its bean up on every run, and a run
 * during shutdown, after the index was destroyed, made Micronaut create a second index whose writer
 * held the directory's lock forever (the next start in the same JVM could not open the index).
 */
final class LuceneUpkeep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneUpkeep.class);

    /** One step of upkeep; a failure is logged and the step runs again next time. */
    interface Step {
        void run() throws Exception;
    }

    private final ScheduledExecutorService timer;

    /** Starts a thread named {@code lucene-<name>} that runs each step every {@code every} after it last ended. */
    LuceneUpkeep(String name) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lucene-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code step} every {@code every} (fixed delay); returns this. */
    LuceneUpkeep every(Duration every, String what, Step step) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                step.run();
            } catch (Exception | AssertionError e) {
                // a step that threw would never be scheduled again: log and carry on
                LOG.warn("Index upkeep ({}) failed: {}", what, e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the upkeep, waiting (at most 30 s) for a step in progress, which is never interrupted. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Index upkeep still running after 30 s; closing the index anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
