package dev.handoff.app.automation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.handoff.app.conversation.ConversationRetention;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Retention (a durable recurring job, hourly, once per cluster): conversations whose last activity is
 * older than the store's {@code retentionDays} (90 by default) are deleted with their messages,
 * tickets, ratings and notes, 1,000 at a time; {@code GET /api/stores/{id}/export} offers the export first.
 */
@Singleton
public class Retention {

    static final String TASK = "retention";
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ConversationRetention retention;
    private final Clock clock;

    Retention(ConversationRetention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    /** @return conversations deleted as of {@code now} */
    public int deleteExpired(Instant now) {
        int total = 0;
        List<UUID> batch;
        do {
            batch = retention.deleteExpired(now, SettingsService.DEFAULT_RETENTION_DAYS, 1_000);
            total += batch.size();
        } while (batch.size() == 1_000);
        if (total > 0) {
            LOG.info("Retention: {} conversations deleted", total);
        }
        return total;
    }

    /** The recurring job. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        RecurringTask<Void> retentionTask(Provider<Retention> retention) {
            return Tasks.recurring(TASK, FixedDelay.ofHours(1)).execute((instance, context) -> retention.get().deleteExpired(retention.get().clock.instant()));
        }
    }
}
