package dev.handoff.app.platform;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.processor.ScheduledMethodProcessor;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable jobs on PostgreSQL with db-scheduler (github.com/kagkarlsson/db-scheduler). Every
 * {@link Task} bean is registered, and every {@link RecurringTask} bean is started (once per cluster). Jobs are scheduled inside the caller's transaction (through the
 * transaction-aware {@link DataSource}), so a job exists exactly when the row that caused it was
 * committed; the scheduler itself polls on connections of its own.
 */
@Singleton
public class JobScheduler implements ApplicationEventListener<ServerStartupEvent> {

    private final Scheduler scheduler;
    private final SchedulerClient transactionalClient;
    private final JdbcOperations jdbc;
    private final BeanProvider<ScheduledMethodProcessor> schedules;

    JobScheduler(DataSource dataSource, JdbcOperations jdbc, DataSourceResolver resolver, List<Task<?>> tasks,
                 @Value("${handoff.jobs.threads:4}") int threads,
                 @Value("${handoff.jobs.polling-interval:500ms}") Duration pollingInterval,
                 @Value("${handoff.jobs.heartbeat:30s}") Duration heartbeat, BeanProvider<ScheduledMethodProcessor> schedules) {
        this.jdbc = jdbc;
        this.schedules = schedules;
        List<Task<?>> known = new ArrayList<>(tasks);
        List<RecurringTask<?>> recurring = new ArrayList<>();
        tasks.stream().filter(t -> t instanceof RecurringTask<?>).forEach(t -> recurring.add((RecurringTask<?>) t));
        known.removeAll(recurring);
        // The scheduler polls on its own connections; enqueueing joins the caller's transaction.
        this.transactionalClient = SchedulerClient.Builder.create(dataSource, known)
                .jdbcCustomization(new PostgreSqlJdbcCustomization(false, false))
                .build();
        this.scheduler = Scheduler.create(resolver.resolve(dataSource), known)
                .threads(threads)
                .pollingInterval(pollingInterval)
                .heartbeatInterval(heartbeat) // a job picked by a node that died runs elsewhere after 6 missed heartbeats
                .enableImmediateExecution()
                // one UPDATE ... FOR UPDATE SKIP LOCKED picks a whole batch (PostgreSQL), instead of one commit per job
                .pollUsingLockAndFetch(0.5, 1.0)
                // a failing job says why in one line; its failure handler decides what happens next
                .failureLogging(com.github.kagkarlsson.scheduler.logging.LogLevel.WARN, false)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .startTasks(recurring)
                .build();
    }

    /**
     * Schedules {@code task} to run at {@code when}, in the caller's transaction (required): the job
     * exists exactly when the transaction commits; scheduling the same instance id twice keeps the
     * first. Also the durable safety net of work normally done at once in memory: that path
     * {@link #claim claims} the job in the transaction that does the work, so the job runs only if
     * the work never committed (a crash, a failure).
     *
     * <p>Two transactions scheduling the same instance at once (two messages of one conversation in the
     * same indexing window, say) would both find no row and the second insert would fail on the
     * primary key, rolling back its whole transaction. A transaction-scoped advisory lock on the
     * instance serialises them: the second waits for the first to end, then sees its committed row.
     * That wait can deadlock when the first then waits for a row the second holds, so work that two
     * transactions may schedule at once should use ids unique per transaction ({@link #transactionId()}).
     *
     * @param instanceId unique within the task, e.g. a message id
     */
    public <T> void enqueueAt(Task<T> task, String instanceId, T data, Instant when) {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", statement -> {
            statement.setString(1, task.getName() + "/" + instanceId);
            return statement.execute();
        });
        transactionalClient.scheduleIfNotExists(task.instance(instanceId, data), when);
    }

    /**
     * @return the id of the caller's transaction (PostgreSQL's {@code txid_current()}; one is assigned if
     * the transaction has none yet), for job instance ids that must differ between transactions
     */
    public long transactionId() {
        return jdbc.prepareStatement("SELECT txid_current()", statement -> {
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * A failure handler that retries a job until it succeeds: after the n-th consecutive failure it
     * waits {@code first · 2^(n-1)}, at most {@code max}. For work that must not be lost while a
     * dependency is down (a search backend outage, say).
     */
    public static <T> FailureHandler<T> retryForever(Duration first, Duration max) {
        return (complete, operations) -> {
            int failures = Math.min(complete.getExecution().consecutiveFailures, 30);
            long delay = Math.min(max.toMillis(), first.toMillis() << Math.min(failures, 20));
            operations.reschedule(complete, complete.getTimeDone().plusMillis(delay));
        };
    }

    /**
     * Removes a scheduled, not yet picked job in the caller's transaction (required), so that the
     * caller does its work instead; rolled back with the caller's transaction.
     *
     * @return whether the job was there to claim (false: it already ran, or the scheduler is running it)
     */
    public boolean claim(String taskName, String instanceId) {
        return jdbc.prepareStatement("DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ? AND picked = false",
                statement -> {
                    statement.setString(1, taskName);
                    statement.setString(2, instanceId);
                    return statement.executeUpdate() == 1;
                });
    }

    /**
     * @return whether the job is scheduled and not yet picked (read in the caller's transaction): work that would
     *         only {@link #claim} it later can skip its preparation when the scheduler already runs it or it ran
     */
    public boolean waiting(String taskName, String instanceId) {
        return jdbc.prepareStatement("SELECT 1 FROM scheduled_tasks WHERE task_name = ? AND task_instance = ? AND picked = false",
                statement -> {
                    statement.setString(1, taskName);
                    statement.setString(2, instanceId);
                    try (var rows = statement.executeQuery()) {
                        return rows.next();
                    }
                });
    }

    /**
     * Brings forward, in the caller's transaction (required), the waiting jobs of {@code taskName} due between now and
     * {@code dueBefore}: they run at the scheduler's next poll instead of at their own time.
     *
     * @return how many jobs were brought forward
     */
    public int runNow(String taskName, Instant dueBefore) {
        return jdbc.prepareStatement("UPDATE scheduled_tasks SET execution_time = now() WHERE task_name = ? AND picked = false"
                + " AND execution_time > now() AND execution_time < ?", statement -> {
                    statement.setString(1, taskName);
                    statement.setObject(2, java.sql.Timestamp.from(dueBefore));
                    return statement.executeUpdate();
                });
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        scheduler.start();
    }

    /** @return whether the scheduler runs jobs (started, not shutting down) */
    public boolean running() {
        var state = scheduler.getSchedulerState();
        return state.isStarted() && !state.isShuttingDown();
    }

    /** Makes the scheduler look for due jobs now rather than at its next poll. */
    public void wake() {
        scheduler.triggerCheckForDueExecutions();
    }

    /**
     * Stops taking jobs as soon as shutdown begins, before any bean is destroyed, and waits (at most
     * five seconds) for the running ones; Micronaut's {@code @Scheduled} methods are cancelled too. A job
     * running while the beans are destroyed would ask its {@code Provider} for a bean already destroyed
     * (a scheduled method looks its bean up on every run), and Micronaut would create a fresh one that is
     * never closed: a second Lucene writer, say, holding the index's lock, so the next start in the same
     * JVM could not open the index. Jobs not run now stay due and run on the next start or another node.
     */
    @EventListener
    void onShutdown(ShutdownEvent event) {
        schedules.ifPresent(ScheduledMethodProcessor::close);
        stop();
    }

    @PreDestroy
    void stop() {
        if (!scheduler.getSchedulerState().isShuttingDown()) {
            scheduler.stop();
        }
    }
}
