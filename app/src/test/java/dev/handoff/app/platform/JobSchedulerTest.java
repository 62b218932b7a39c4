package dev.handoff.app.platform;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.handoff.app.conversation.ConversationChanged;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduling the same job instance from two open transactions at once: both commit, one job. */
class JobSchedulerTest {

    @Test
    @SuppressWarnings("unchecked")
    void twoTransactionsSchedulingTheSameInstanceBothCommitAndOneJobExists() throws Exception {
        Api api = TestApp.api();
        ApplicationContext ctx = api.app().context();
        JobScheduler jobs = ctx.getBean(JobScheduler.class);
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        OneTimeTask<String> task = ctx.getBean(OneTimeTask.class, Qualifiers.byName("index-conversation"));
        String instance = UUID.randomUUID() + "@" + System.currentTimeMillis();
        Instant later = Instant.now().plusSeconds(3600);

        CountDownLatch firstScheduled = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> tx.executeWrite(status -> {
            jobs.enqueueAt(task, instance, "a", later);
            firstScheduled.countDown();
            await(secondStarted);
            return null;
        }));
        assertTrue(firstScheduled.await(30, TimeUnit.SECONDS));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> tx.executeWrite(status -> {
            secondStarted.countDown();
            jobs.enqueueAt(task, instance, "b", later);
            return null;
        }));
        // the second waits for the first transaction, which ends only once the second has started
        assertTrue(secondStarted.await(30, TimeUnit.SECONDS));
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        assertFalse(first.isCompletedExceptionally() || second.isCompletedExceptionally());
        assertEquals(1, count(ctx, instance));
    }

    /**
     * Two transactions change one conversation in opposite orders: the first schedules its index job,
     * then updates the conversation's row; the second has updated the row first, then schedules. Had
     * they shared one job instance, the second would wait for the first's job row while the first waits
     * for the second's row lock: a deadlock, one of them rolled back (seen with two nodes under load).
     */
    @Test
    void twoTransactionsChangingOneConversationInOppositeOrdersBothCommit() throws Exception {
        Api api = TestApp.api();
        ApplicationContext ctx = api.app().context();
        TransactionOperations<Connection> tx = transactions(ctx);
        JdbcOperations jdbc = ctx.getBean(JdbcOperations.class);
        ApplicationEventPublisher<ConversationChanged> changed = ctx.getBean(ApplicationEventPublisher.class);
        UUID conversation = UUID.fromString(api.startConversation("demo", "Dora", null).conversationId());

        CountDownLatch firstScheduled = new CountDownLatch(1);
        CountDownLatch secondUpdated = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> tx.executeWrite(status -> {
            changed.publishEvent(new ConversationChanged(conversation));
            firstScheduled.countDown();
            await(secondUpdated);
            touch(jdbc, conversation); // waits for the second transaction's row lock
            return null;
        }));
        assertTrue(firstScheduled.await(30, TimeUnit.SECONDS));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> tx.executeWrite(status -> {
            touch(jdbc, conversation);
            secondUpdated.countDown();
            changed.publishEvent(new ConversationChanged(conversation));
            return null;
        }));
        second.get(30, TimeUnit.SECONDS);
        first.get(30, TimeUnit.SECONDS);
        assertTrue(tx.executeRead(status -> jdbc.prepareStatement(
                "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'index-conversation' AND task_instance LIKE ?", s -> {
                    s.setString(1, conversation + "@%");
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                })) >= 1, "the change is indexed by a job");
    }

    /**
     * Shutdown stops the scheduler before any bean is destroyed: a job still running then would
     * recreate destroyed beans (a second Lucene writer holding the index's lock, seen in CI as a
     * restarted app that could not open its index).
     */
    @Test
    void shutdownStopsTakingJobsBeforeTheBeansAreDestroyed() {
        HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(), java.util.Map.of());
        try {
            ApplicationContext ctx = app.context();
            JobScheduler jobs = ctx.getBean(JobScheduler.class);
            assertTrue(jobs.running());
            ctx.getEventPublisher(ShutdownEvent.class).publishEvent(new ShutdownEvent(ctx));
            assertFalse(jobs.running(), "stopped by the shutdown event itself");
            assertTrue(ctx.isRunning(), "while every bean still exists");
        } finally {
            app.close();
        }
    }

    private static void touch(JdbcOperations jdbc, UUID conversation) {
        jdbc.prepareStatement("UPDATE conversations SET last_activity_at = now() WHERE id = ?", s -> {
            s.setObject(1, conversation);
            return s.executeUpdate();
        });
    }

    @SuppressWarnings("unchecked")
    private static TransactionOperations<Connection> transactions(ApplicationContext ctx) {
        return ctx.getBean(TransactionOperations.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static int count(ApplicationContext ctx, String instance) {
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        return tx.executeRead(status -> ctx.getBean(JdbcOperations.class).prepareStatement(
                "SELECT count(*) FROM scheduled_tasks WHERE task_instance = ?", s -> {
                    s.setString(1, instance);
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }));
    }
}
