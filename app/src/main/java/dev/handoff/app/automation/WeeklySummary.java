package dev.handoff.app.automation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.handoff.app.analytics.AnalyticsService;
import dev.handoff.app.platform.Problems;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The weekly summary to each store's team (a durable recurring job, checked every 15 minutes, once per
 * cluster): at the store's {@code weeklySummaryAt} (Monday 08:00 in its time zone by default), the
 * last seven days: conversations, resolved, escalated, what customers asked most (FAQ items cited),
 * the questions the FAQ could not answer, and whether sentiment trends better or worse than the week
 * before. Sent through {@link Notifier} (email and webhook).
 */
@Singleton
public class WeeklySummary {

    static final String TASK = "weekly-summary";

    private final SettingsService settings;
    private final AnalyticsService analytics;
    private final Notifier notifier;
    private final Clock clock;

    WeeklySummary(SettingsService settings, AnalyticsService analytics, Notifier notifier, Clock clock) {
        this.settings = settings;
        this.analytics = analytics;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** @return {@code when} normalised, e.g. {@code monday 08:00}; 400 problem unless "weekday HH:mm" */
    static String parseWhen(String when) {
        String[] parts = when == null ? new String[0] : when.strip().toLowerCase(Locale.ROOT).split("\\s+");
        try {
            if (parts.length == 2) {
                DayOfWeek.valueOf(parts[0].toUpperCase(Locale.ROOT));
                return parts[0] + " " + LocalTime.parse(parts[1]);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // fall through
        }
        throw Problems.badRequest("weeklySummaryAt must be a weekday and a time, e.g. \"monday 08:00\"");
    }

    /**
     * Sends the summaries that are due at {@code now}: a store whose latest scheduled moment is past
     * and which has not had a summary since.
     *
     * @return stores summarised
     */
    public int sendDue(Instant now) {
        int sent = 0;
        for (UUID storeId : settings.storesWithSettings()) {
            SettingsService.Settings s = settings.of(storeId);
            if (!s.weeklySummary() || s.notifyEmails().isEmpty() && s.slackWebhookUrl() == null) {
                continue;
            }
            String[] when = s.weeklySummaryAt().split(" ");
            ZonedDateTime local = now.atZone(s.zone());
            ZonedDateTime due = local.with(TemporalAdjusters.previousOrSame(DayOfWeek.valueOf(when[0].toUpperCase(Locale.ROOT))))
                    .with(LocalTime.parse(when[1]));
            if (due.isAfter(local)) {
                due = due.minusWeeks(1);
            }
            Instant last = settings.lastWeeklySummary(storeId);
            if (last != null && !last.isBefore(due.toInstant())) {
                continue;
            }
            send(storeId, now);
            settings.weeklySummarySent(storeId, now);
            sent++;
        }
        return sent;
    }

    private void send(UUID storeId, Instant now) {
        AnalyticsService.Analytics week = analytics.of(storeId, now.minus(Duration.ofDays(7)), now);
        AnalyticsService.Analytics before = analytics.of(storeId, now.minus(Duration.ofDays(14)), now.minus(Duration.ofDays(7)));
        StringBuilder b = new StringBuilder();
        b.append("Last 7 days: ").append(week.conversations()).append(" conversations, ")
                .append(week.resolvedByAssistant() + week.resolvedWithHuman()).append(" resolved (")
                .append(week.resolvedByAssistant()).append(" by the assistant alone), ").append(week.escalated()).append(" escalated.\n");
        if (!week.topFaqItems().isEmpty()) {
            b.append("\nWhat customers asked most:\n");
            week.topFaqItems().stream().limit(5).forEach(c -> b.append("- ").append(c.label()).append(" (").append(c.count()).append(")\n"));
        }
        if (!week.unansweredQuestions().isEmpty()) {
            b.append("\nQuestions the FAQ could not answer:\n");
            week.unansweredQuestions().stream().limit(5).forEach(g -> b.append("- ").append(g.example()).append(" (")
                    .append(g.count()).append(")\n"));
        }
        b.append("\nSentiment: ").append(trend(mean(week.sentiment()), mean(before.sentiment()))).append('\n');
        notifier.notify(storeId, "weekly_summary", "Your week in support: " + week.conversations() + " conversations", b.toString());
    }

    private static Double mean(List<AnalyticsService.DaySentiment> days) {
        double sum = 0;
        long n = 0;
        for (AnalyticsService.DaySentiment d : days) {
            long count = d.positive() + d.neutral() + d.negative();
            if (d.meanScore() != null) {
                sum += d.meanScore() * count;
                n += count;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** @return better, worse or about the same as the week before (a change of 0.05 in mean score counts) */
    static String trend(Double week, Double before) {
        if (week == null || before == null) {
            return "not enough messages to compare with the week before.";
        }
        double delta = week - before;
        return delta > 0.05 ? String.format(Locale.ROOT, "better than the week before (%+.2f).", delta)
                : delta < -0.05 ? String.format(Locale.ROOT, "worse than the week before (%+.2f).", delta)
                : "about the same as the week before.";
    }

    /** The recurring job. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        RecurringTask<Void> weeklySummaryTask(Provider<WeeklySummary> summary) {
            return Tasks.recurring(TASK, FixedDelay.ofMinutes(15)).execute((instance, context) -> summary.get().sendDue(summary.get().clock.instant()));
        }
    }
}
