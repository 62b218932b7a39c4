package dev.handoff.app.assistant;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.handoff.app.platform.JobScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.UUID;

/** Enqueues the assistant's turn for a customer message, inside the caller's transaction. */
@Singleton
public class AssistantQueue {

    private final JobScheduler jobs;
    private final OneTimeTask<String> task;

    AssistantQueue(JobScheduler jobs, @Named(AssistantJobs.TASK) OneTimeTask<String> task) {
        this.jobs = jobs;
        this.task = task;
    }

    /** Schedules the turn for {@code messageId}; it runs once the caller's transaction commits. */
    public void enqueue(UUID messageId) {
        jobs.enqueue(task, messageId.toString(), messageId.toString());
    }
}
