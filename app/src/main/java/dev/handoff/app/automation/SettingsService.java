package dev.handoff.app.automation;

import dev.handoff.app.cluster.SharedCaches;
import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A store's automation settings: CSAT escalation, auto-close, business hours and time zone, and
 * whether the assistant answers (at all, and outside business hours). A store without a row has the
 * defaults: escalate on bad rating, auto-close after 24 h, always open (UTC), assistant on.
 */
@Singleton
public class SettingsService {

    static final Duration DEFAULT_AUTO_CLOSE = Duration.ofHours(24);
    /** {@code autoCloseAfter} when auto-close is switched off (stored as 0 seconds). */
    public static final String AUTO_CLOSE_OFF = "off";
    static final int DEFAULT_RETENTION_DAYS = 90;
    static final String DEFAULT_WEEKLY_SUMMARY_AT = "monday 08:00";
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");
    static final String DEFAULT_OFFLINE_MESSAGE = "We're away right now. Leave a message and we'll get back to you.";

    private final StoreSettingsRepository settings;
    private final SharedCaches.Cache<Settings> cache;
    private final JsonMapper json;
    private final Clock clock;

    private final dev.handoff.app.security.OutboundAddresses outbound;

    SettingsService(StoreSettingsRepository settings, JsonMapper json, Clock clock, SharedCaches caches,
                    dev.handoff.app.security.OutboundAddresses outbound) {
        this.outbound = outbound;
        this.settings = settings;
        this.cache = caches.cache("settings");
        this.json = json;
        this.clock = clock;
    }

    /**
     * The settings as the API shows and takes them.
     *
     * @param escalateOnBadRating    a thumbs-down reopens the conversation as a high-priority ticket
     * @param autoCloseAfter         ISO-8601 duration, e.g. {@code PT24H} or {@code PT30M} (1 minute to 90 days), or
     *                               {@value #AUTO_CLOSE_OFF}: idle conversations stay open
     * @param businessHours          opening hours per weekday; none means always open
     * @param timeZone               IANA time zone of the business hours, e.g. {@code Europe/Berlin}
     * @param aiEnabled              whether the assistant answers at all
     * @param aiOutsideBusinessHours whether it answers outside business hours
     * @param offlineMessage         shown by the widget outside business hours (1..500 characters)
     * @param notifyEmails           addresses notified of new and urgent tickets, bad ratings and channels needing re-authorisation
     * @param slackWebhookUrl        a Slack-compatible incoming webhook notified of the same, or {@code null}
     * @param retentionDays          conversations idle longer are deleted (7..3650; export first with {@code GET …/export})
     * @param weeklySummary          whether the weekly summary email goes out
     * @param weeklySummaryAt        when, e.g. {@code monday 08:00} (store time zone)
     * @param widget                 the storefront widget's look and behaviour
     */
    @Serdeable
    public record Settings(boolean escalateOnBadRating, String autoCloseAfter, BusinessHours businessHours, String timeZone,
                           boolean aiEnabled, boolean aiOutsideBusinessHours, String offlineMessage, List<String> notifyEmails,
                           @Nullable String slackWebhookUrl, int retentionDays, boolean weeklySummary, String weeklySummaryAt,
                           WidgetSettings widget) {

        /** @return {@link #autoCloseAfter} as a duration, {@link Duration#ZERO} when auto-close is {@value #AUTO_CLOSE_OFF} */
        public Duration autoClose() {
            return AUTO_CLOSE_OFF.equals(autoCloseAfter) ? Duration.ZERO : Duration.parse(autoCloseAfter);
        }

        /** @return {@link #timeZone} as a zone */
        public ZoneId zone() {
            return ZoneId.of(timeZone);
        }
    }

    /** A partial update: every field optional (see {@link Settings}). */
    @Serdeable
    public record Patch(@Nullable Boolean escalateOnBadRating, @Nullable String autoCloseAfter, @Nullable BusinessHours businessHours,
                        @Nullable String timeZone, @Nullable Boolean aiEnabled, @Nullable Boolean aiOutsideBusinessHours,
                        @Nullable String offlineMessage, @Nullable List<String> notifyEmails, @Nullable String slackWebhookUrl,
                        @Nullable Integer retentionDays, @Nullable Boolean weeklySummary, @Nullable String weeklySummaryAt,
                        @Nullable WidgetSettings widget) {
    }

    /**
     * Whether someone is there right now.
     *
     * @param open             within business hours
     * @param nextOpening      e.g. {@code Monday at 09:00 (Europe/Berlin)}, or {@code null} when open or always open
     * @param offlineMessage   the store's offline message
     * @param expectedResponse when a person will answer, as a sentence in the shopper's language (the handoff notice)
     * @param usualReply       the widget header's sentence (English): open, until when the team is online; closed, when it
     *                         is back ("today", "tomorrow", "on Friday"), the one place the widget says so
     */
    @Serdeable
    public record Availability(boolean open, @Nullable String nextOpening, String offlineMessage, String expectedResponse,
                               String usualReply) {
    }

    /**
     * @return the store's settings (defaults when never changed); cached (every assistant turn asks) until
     *         a change on any node invalidates them ({@link SharedCaches}), so a change applies everywhere at once
     */
    public Settings of(UUID storeId) {
        return cache.get(storeId, this::read);
    }

    private Settings read(UUID storeId) {
        return settings.findById(storeId).map(this::view).orElseGet(() -> new Settings(true, DEFAULT_AUTO_CLOSE.toString(),
                new BusinessHours(Map.of()), "UTC", true, true, DEFAULT_OFFLINE_MESSAGE, List.of(), null, DEFAULT_RETENTION_DAYS, true,
                DEFAULT_WEEKLY_SUMMARY_AT, WidgetSettings.DEFAULTS));
    }

    /** Applies a partial update. @throws io.micronaut.http.exceptions.HttpStatusException 400 naming the bad field */
    @Transactional
    public Settings update(UUID storeId, Patch p) {
        Settings s = read(storeId);
        String autoClose = s.autoCloseAfter();
        if (p.autoCloseAfter() != null) {
            Duration d;
            if (AUTO_CLOSE_OFF.equalsIgnoreCase(p.autoCloseAfter().strip())) {
                d = Duration.ZERO;
            } else {
                try {
                    d = Duration.parse(p.autoCloseAfter().strip());
                } catch (DateTimeParseException e) {
                    throw Problems.badRequest("autoCloseAfter must be an ISO-8601 duration such as PT24H or PT30M, or \"off\"");
                }
                if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(90)) > 0) {
                    throw Problems.badRequest("autoCloseAfter must be between 1 minute and 90 days, or \"off\"");
                }
            }
            autoClose = d.isZero() ? AUTO_CLOSE_OFF : d.toString();
        }
        String zone = s.timeZone();
        if (p.timeZone() != null) {
            try {
                zone = ZoneId.of(p.timeZone()).getId();
            } catch (DateTimeException e) {
                throw Problems.badRequest("timeZone must be an IANA time zone such as Europe/Berlin");
            }
        }
        String offline = p.offlineMessage() == null ? s.offlineMessage() : p.offlineMessage().strip();
        if (offline.isEmpty() || offline.length() > 500) {
            throw Problems.badRequest("offlineMessage must be 1 to 500 characters");
        }
        BusinessHours hours = p.businessHours() == null ? s.businessHours() : p.businessHours().validated();
        List<String> emails = p.notifyEmails() == null ? s.notifyEmails() : p.notifyEmails().stream().map(String::strip).distinct().toList();
        if (emails.size() > 20 || emails.stream().anyMatch(e -> !EMAIL.matcher(e).matches())) {
            throw Problems.badRequest("notifyEmails must be at most 20 email addresses");
        }
        String webhook = p.slackWebhookUrl() == null ? s.slackWebhookUrl() : p.slackWebhookUrl().isBlank() ? null : p.slackWebhookUrl().strip();
        if (webhook != null && p.slackWebhookUrl() != null) {
            webhook = outbound.checkWebhookUrl(webhook); // 400 unless https (or an allowed http host) to public addresses
        }
        int retention = p.retentionDays() == null ? s.retentionDays() : p.retentionDays();
        if (retention < 7 || retention > 3650) {
            throw Problems.badRequest("retentionDays must be 7 to 3650");
        }
        String summaryAt = p.weeklySummaryAt() == null ? s.weeklySummaryAt() : WeeklySummary.parseWhen(p.weeklySummaryAt());
        WidgetSettings widget = p.widget() == null ? s.widget() : p.widget().over(s.widget());
        StoreSettings row = new StoreSettings(storeId,
                p.escalateOnBadRating() == null ? s.escalateOnBadRating() : p.escalateOnBadRating(),
                AUTO_CLOSE_OFF.equals(autoClose) ? 0 : Duration.parse(autoClose).toSeconds(), zone, write(hours),
                p.aiEnabled() == null ? s.aiEnabled() : p.aiEnabled(),
                p.aiOutsideBusinessHours() == null ? s.aiOutsideBusinessHours() : p.aiOutsideBusinessHours(),
                offline, clock.instant(), String.join(",", emails), webhook, retention,
                p.weeklySummary() == null ? s.weeklySummary() : p.weeklySummary(), summaryAt,
                settings.findById(storeId).map(StoreSettings::lastWeeklySummaryAt).orElse(null), write(widget));
        if (settings.existsById(storeId)) {
            settings.update(row);
        } else {
            settings.save(row);
        }
        cache.invalidate(storeId);
        return view(row);
    }

    /** @return when the store's last weekly summary went out, or {@code null} */
    public Instant lastWeeklySummary(UUID storeId) {
        return settings.findById(storeId).map(StoreSettings::lastWeeklySummaryAt).orElse(null);
    }

    /** Records that the weekly summary went out at {@code at} (creating the settings row with defaults when needed). */
    @Transactional
    public void weeklySummarySent(UUID storeId, Instant at) {
        if (!settings.existsById(storeId)) {
            update(storeId, new Patch(null, null, null, null, null, null, null, null, null, null, null, null, null));
        }
        StoreSettings r = settings.findById(storeId).orElseThrow();
        settings.update(new StoreSettings(r.storeId(), r.escalateOnBadRating(), r.autoCloseAfterSeconds(), r.timeZone(), r.businessHours(),
                r.aiEnabled(), r.aiOutsideBusinessHours(), r.offlineMessage(), r.updatedAt(), r.notifyEmails(), r.slackWebhookUrl(),
                r.retentionDays(), r.weeklySummary(), r.weeklySummaryAt(), at, r.widget()));
        cache.invalidate(storeId);
    }

    /** @return the ids of stores with settings (the others have the defaults) */
    public List<UUID> storesWithSettings() {
        List<UUID> out = new java.util.ArrayList<>();
        settings.findAll().forEach(r -> out.add(r.storeId()));
        return out;
    }

    /** @return whether the store is open now, the next opening, and the sentence telling when a person answers (English) */
    public Availability availability(UUID storeId) {
        return availability(storeId, null);
    }

    /**
     * @param storeId  the store
     * @param language the shopper's language (ISO 639-1) for the sentence ({@link Notices}), or {@code null} for English
     * @return whether the store is open now, the next opening, and the sentence telling when a person answers
     */
    public Availability availability(UUID storeId, @Nullable String language) {
        Settings s = of(storeId);
        Instant now = clock.instant();
        if (s.businessHours().isOpen(now, s.zone())) {
            String usual = s.businessHours().openUntil(now, s.zone())
                    .map(until -> "The team is online until " + until + " and replies here.")
                    .orElse("The team replies here as soon as it can.");
            return new Availability(true, null, s.offlineMessage(), Notices.expectedResponse(language, true, null, now), usual);
        }
        java.util.Optional<java.time.ZonedDateTime> opening = s.businessHours().nextOpening(now, s.zone());
        String back = opening.map(o -> "The team is away; back " + Notices.day(null, o, now) + " at "
                + String.format(Locale.ROOT, "%02d:%02d", o.getHour(), o.getMinute()) + " (" + o.getZone().getId() + ").")
                .orElse("The team is away right now.");
        return new Availability(false, opening.map(BusinessHours::describe).orElse(null), s.offlineMessage(),
                Notices.expectedResponse(language, false, opening.orElse(null), now), back);
    }

    /** @return whether the assistant may answer in this store now (AI on, and open or allowed outside hours) */
    public boolean assistantMayAnswer(UUID storeId) {
        Settings s = of(storeId);
        return s.aiEnabled() && (s.aiOutsideBusinessHours() || s.businessHours().isOpen(clock.instant(), s.zone()));
    }

    private Settings view(StoreSettings r) {
        try {
            return new Settings(r.escalateOnBadRating(),
                    r.autoCloseAfterSeconds() == 0 ? AUTO_CLOSE_OFF : Duration.ofSeconds(r.autoCloseAfterSeconds()).toString(),
                    json.readValue(r.businessHours(), BusinessHours.class), r.timeZone(), r.aiEnabled(), r.aiOutsideBusinessHours(),
                    r.offlineMessage(), r.notifyEmails().isBlank() ? List.of() : List.of(r.notifyEmails().split(",")), r.slackWebhookUrl(),
                    r.retentionDays(), r.weeklySummary(), r.weeklySummaryAt(),
                    json.readValue(r.widget(), WidgetSettings.class).over(WidgetSettings.DEFAULTS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
