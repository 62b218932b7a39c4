package dev.handoff.app.assistant;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;

/**
 * The durable {@code assistant-turn} job: one per customer message, keyed by the message id (so a
 * message is answered at most once), retried three times with exponential backoff from one second.
 */
@Factory
class AssistantJobs {

    static final String TASK = "assistant-turn";

    @Singleton
    @Named(TASK)
    OneTimeTask<String> assistantTurnTask(Provider<AssistantTurn> turn) {
        return Tasks.oneTime(TASK, String.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(3,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1))))
                .execute((instance, context) -> turn.get().run(UUID.fromString(instance.getData())));
    }
}
