package dev.handoff.app.assistant;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.handoff.app.platform.JobScheduler;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Schedules the assistant's turn for a customer message: durably and at once.
 *
 * <p>Inside the transaction that stores the message, a db-scheduler job is scheduled for
 * {@code handoff.assistant.safety-delay} (default 30 s) later. After the commit the turn runs at once
 * on an in-memory pool of {@code handoff.assistant.threads} threads (default 4, or 32 with a language
 * model, whose calls wait on the network); the turn claims
 * (deletes) its job in the transaction that stores the reply. So a turn normally costs no scheduler
 * round trips, and one interrupted by a crash or a failure still runs, from the job, once: at the
 * node's next start at the latest ({@link #runInterrupted()}), else at its due time.
 *
 * <p>A conversation's turns run one at a time, in the order its messages were stored: a shopper who sends
 * two messages before the first is answered gets the second read with the first one's outcome (its
 * unanswered count, an order number asked for). Across nodes, and for the job path, the turn's lock on the
 * conversation row serialises them ({@link AssistantTurn}). With a language model, whose calls come before the
 * claim, a turn whose job the scheduler picked already (this node fell more than the safety delay behind) is
 * skipped before them, so an overloaded node does not ask the model twice.
 */
@Singleton
public class AssistantQueue implements io.micronaut.runtime.graceful.GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(AssistantQueue.class);
    private static final CompletableFuture<Void> NONE = CompletableFuture.completedFuture(null);
    /** How long an in-memory turn normally takes at most: jobs younger than this may still be running on a live node. */
    static final int IN_FLIGHT_SECONDS = 5;

    private final JobScheduler jobs;
    private final OneTimeTask<String> task;
    private final Provider<AssistantTurn> turn;
    private final ApplicationEventPublisher<TurnRequested> events;
    private final Duration safetyDelay;
    private final ExecutorService pool;
    private final TransactionOperations<Connection> transactions;
    /** Per conversation, its last turn on this node (queued or running); removed when that one completes. */
    private final Map<UUID, CompletableFuture<Void>> lastTurn = new ConcurrentHashMap<>();

    AssistantQueue(JobScheduler jobs, @Named(AssistantJobs.TASK) OneTimeTask<String> task, Provider<AssistantTurn> turn,
                   ApplicationEventPublisher<TurnRequested> events,
                   @Value("${handoff.assistant.safety-delay:30s}") Duration safetyDelay,
                   @Value("${handoff.assistant.threads:0}") int threads, AssistantModel model,
                   TransactionOperations<Connection> transactions) {
        this.jobs = jobs;
        this.transactions = transactions;
        this.task = task;
        this.turn = turn;
        this.events = events;
        this.safetyDelay = safetyDelay;
        // a turn that asks a model waits on the network: more threads then (the model calls hold no connection)
        this.pool = Executors.newFixedThreadPool(threads > 0 ? threads : model.configured() ? 32 : 4, r -> {
            Thread t = new Thread(r, "assistant-turn");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Schedules the turn for a customer message in the caller's transaction; it runs once that commits, after
     * the turns of the conversation's earlier messages.
     *
     * @param messageId      the stored customer message
     * @param conversationId its conversation
     */
    public void enqueue(UUID messageId, UUID conversationId) {
        jobs.enqueueAt(task, messageId.toString(), messageId.toString(), Instant.now().plus(safetyDelay));
        events.publishEvent(new TurnRequested(messageId, conversationId));
    }

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onCommitted(TurnRequested request) {
        Runnable run = () -> {
            try {
                turn.get().runClaimed(request.messageId());
            } catch (RuntimeException e) {
                LOG.warn("Assistant turn for message {} failed; its job will retry it", request.messageId(), e);
            }
        };
        UUID conversation = request.conversationId();
        // an executor that refuses (shutting down) completes the stage exceptionally rather than throwing here
        CompletableFuture<Void> queued = lastTurn.compute(conversation, (id, before) -> (before == null ? NONE : before).thenRunAsync(run, pool));
        queued.whenComplete((done, failed) -> {
            lastTurn.remove(conversation, queued);
            if (failed != null) {
                LOG.debug("Shutting down: the job will run the turn for {}", request.messageId());
            }
        });
    }

    /** At start, {@link #runInterrupted()}. */
    @EventListener
    void onStartup(ServerStartupEvent event) {
        runInterrupted();
    }

    /**
     * Runs now the turns that the last stop of a node interrupted (a crash, a kill), rather than at their jobs' due time,
     * up to the safety delay after their message: every waiting turn job scheduled more than {@value #IN_FLIGHT_SECONDS} s
     * ago. A younger one may belong to a turn that another node is running in memory; it keeps its time.
     *
     * @return how many turns were brought forward
     */
    int runInterrupted() {
        int n = transactions.executeWrite(status -> jobs.runNow(AssistantJobs.TASK,
                Instant.now().plus(safetyDelay).minusSeconds(IN_FLIGHT_SECONDS)));
        if (n > 0) {
            LOG.info("{} assistant turns interrupted by the last stop run now", n);
            jobs.wake();
        }
        return n;
    }

    /**
     * Graceful shutdown: takes no new turn (their jobs run them on another node) and completes once the
     * running and queued turns have stored their replies.
     */
    @Override
    public java.util.concurrent.CompletionStage<?> shutdownGracefully() {
        pool.shutdown();
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    LOG.warn("Assistant turns still running after a minute; their jobs will run them again");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * @return turns running or queued on this node now: while there are any, a live shopper waits for a
     *         reply, and background work such as a replay should leave the CPU to them. (Turns seldom queue:
     *         the pool has more threads than the machine has cores, so a turn starved of the CPU by
     *         background work shows as running, not as queued.)
     */
    public int inProgress() {
        return pool instanceof ThreadPoolExecutor t ? t.getActiveCount() + t.getQueue().size() : 0;
    }

    @Override
    public java.util.OptionalLong reportActiveTasks() {
        return pool instanceof ThreadPoolExecutor ? java.util.OptionalLong.of(inProgress()) : java.util.OptionalLong.empty();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** @param messageId the customer message whose turn was requested @param conversationId its conversation */
    record TurnRequested(UUID messageId, UUID conversationId) {
    }
}
