package dev.handoff.app.automation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationLifecycle;
import dev.handoff.app.conversation.ConversationLookup;
import io.micronaut.context.annotation.Factory;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Auto-close, a durable recurring job (every minute, once per cluster): a pending conversation idle
 * longer than its store's {@code autoCloseAfter} (24 h by default) is resolved with a system message
 * (which sends the CSAT survey); one abandoned in the middle of an order lookup, or before the shopper
 * wrote anything (an abandoned pre-chat form), is {@code cancelled} instead. Escalated conversations
 * are never auto-closed.
 */
@Singleton
public class AutoClose {

    static final String TASK = "auto-close";
    private static final Logger LOG = LoggerFactory.getLogger(AutoClose.class);

    private final ConversationLookup lookup;
    private final ConversationLifecycle lifecycle;
    private final SettingsService settings;
    private final Clock clock;

    AutoClose(ConversationLookup lookup, ConversationLifecycle lifecycle, SettingsService settings, Clock clock) {
        this.lookup = lookup;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.clock = clock;
    }

    /** Closes what is idle now. */
    void run() {
        closeIdle(clock.instant());
    }

    /**
     * Closes the conversations idle at {@code now} (at most 500 a run).
     *
     * @return conversations closed
     */
    @Transactional
    public int closeIdle(Instant now) {
        int closed = 0;
        for (Conversation c : lifecycle.idle(now, SettingsService.DEFAULT_AUTO_CLOSE, 500)) {
            Duration after = settings.of(c.storeId()).autoClose();
            if (!Conversation.IDLE.equals(c.assistantState()) || lookup.messageCount(c.id(), Author.customer) == 0) {
                lifecycle.cancel(c, "Conversation cancelled after " + human(after) + " without a reply from the customer");
            } else {
                lifecycle.resolve(c, "Conversation closed automatically after " + human(after) + " without activity");
            }
            closed++;
        }
        if (closed > 0) {
            LOG.info("Auto-close: {} idle conversations closed", closed);
        }
        return closed;
    }

    /** @return e.g. {@code 30 minutes}, {@code 1 hour}, {@code 2 days} */
    static String human(Duration d) {
        if (d.toMinutes() % 60 != 0 || d.toHours() == 0) {
            return plural(d.toMinutes(), "minute");
        }
        return d.toHours() % 24 == 0 ? plural(d.toDays(), "day") : plural(d.toHours(), "hour");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** The recurring job. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        RecurringTask<Void> autoCloseTask(Provider<AutoClose> autoClose) {
            return Tasks.recurring(TASK, FixedDelay.ofMinutes(1)).execute((instance, context) -> autoClose.get().run());
        }
    }
}
