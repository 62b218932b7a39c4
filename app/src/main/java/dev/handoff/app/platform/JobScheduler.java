package dev.handoff.app.platform;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import io.micronaut.jdbc.DataSourceResolver;
import com.github.kagkarlsson.scheduler.task.Task;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable jobs on PostgreSQL with db-scheduler (github.com/kagkarlsson/db-scheduler). Every
 * {@link Task} bean is registered. Jobs are scheduled inside the caller's transaction (through the
 * transaction-aware {@link DataSource}), so a job exists exactly when the row that caused it was
 * committed; the scheduler itself polls on connections of its own.
 */
@Singleton
public class JobScheduler implements ApplicationEventListener<ServerStartupEvent> {

    private final Scheduler scheduler;
    private final SchedulerClient transactionalClient;
    private final io.micronaut.data.jdbc.runtime.JdbcOperations jdbc;

    JobScheduler(DataSource dataSource, io.micronaut.data.jdbc.runtime.JdbcOperations jdbc, DataSourceResolver resolver, List<Task<?>> tasks,
                 @Value("${handoff.jobs.threads:4}") int threads,
                 @Value("${handoff.jobs.polling-interval:500ms}") Duration pollingInterval) {
        this.jdbc = jdbc;
        List<Task<?>> known = new ArrayList<>(tasks);
        // The scheduler polls on its own connections; enqueueing joins the caller's transaction.
        this.transactionalClient = SchedulerClient.Builder.create(dataSource, known)
                .jdbcCustomization(new PostgreSqlJdbcCustomization(false, false))
                .build();
        this.scheduler = Scheduler.create(resolver.resolve(dataSource), known)
                .threads(threads)
                .pollingInterval(pollingInterval)
                .heartbeatInterval(Duration.ofSeconds(30))
                .enableImmediateExecution()
                // one UPDATE ... FOR UPDATE SKIP LOCKED picks a whole batch (PostgreSQL), instead of one commit per job
                .pollUsingLockAndFetch(0.5, 1.0)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Schedules {@code task} to run at {@code when}, in the caller's transaction (required): the job
     * exists exactly when the transaction commits; scheduling the same instance id twice keeps the
     * first. Used as the
     * durable safety net of work that is normally done at once in memory: the in-memory path
     * {@link #claim claims} the job in the transaction that does the work, so the job runs only if
     * that work never committed (a crash, a failure).
     */
    public <T> void enqueueAt(com.github.kagkarlsson.scheduler.task.helper.OneTimeTask<T> task, String instanceId, T data,
                              java.time.Instant when) {
        transactionalClient.scheduleIfNotExists(task.instance(instanceId, data), when);
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

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        scheduler.start();
    }

    /** Makes the scheduler look for due jobs now rather than at its next poll. */
    public void wake() {
        scheduler.triggerCheckForDueExecutions();
    }

    @PreDestroy
    void stop() {
        scheduler.stop();
    }
}
