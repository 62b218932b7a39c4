package dev.handoff.app.automation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A store's automation settings (row of {@code store_settings}; defaults when absent).
 *
 * @param storeId                the store
 * @param escalateOnBadRating    a thumbs-down reopens the conversation as a ticket
 * @param autoCloseAfterSeconds  idle time after which a pending conversation is closed
 * @param timeZone               IANA zone of the business hours
 * @param businessHours          {@link BusinessHours} as JSON
 * @param aiEnabled              whether the assistant answers at all
 * @param aiOutsideBusinessHours whether it answers outside business hours
 * @param offlineMessage         what the widget shows outside business hours
 * @param updatedAt              last change
 * @param notifyEmails           comma-separated addresses notified of new and urgent tickets, bad ratings, channels needing re-authorisation
 * @param slackWebhookUrl        a Slack-compatible incoming webhook notified of the same, or {@code null}
 * @param retentionDays          conversations idle longer are deleted
 * @param weeklySummary          whether the weekly summary goes out
 * @param weeklySummaryAt        when, e.g. {@code monday 08:00} (store time zone)
 * @param lastWeeklySummaryAt    when the last one went out
 * @param widget                 {@link WidgetSettings} as JSON ({@code {}} for the defaults)
 */
@MappedEntity("store_settings")
public record StoreSettings(@Id UUID storeId, boolean escalateOnBadRating, long autoCloseAfterSeconds, String timeZone,
                            String businessHours, boolean aiEnabled, boolean aiOutsideBusinessHours, String offlineMessage,
                            Instant updatedAt, String notifyEmails, @Nullable String slackWebhookUrl, int retentionDays,
                            boolean weeklySummary, String weeklySummaryAt, @Nullable Instant lastWeeklySummaryAt,
                            String widget) {
}
