package dev.handoff.app.automation;

import dev.handoff.app.platform.Problems;
import io.micronaut.serde.annotation.Serdeable;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opening hours per weekday in the store's time zone, e.g. {@code {"monday": [{"open": "09:00",
 * "close": "17:00"}], ...}}; a weekday left out is closed; no days at all means always open.
 *
 * @param days opening periods by lower-case English weekday
 */
@Serdeable
public record BusinessHours(Map<String, List<Period>> days) {

    /** Open from {@code open} to {@code close} (24 h {@code HH:mm}, close after open, same day). */
    @Serdeable
    public record Period(String open, String close) {
    }

    /** @return the hours, validated; 400 problem for unknown weekdays or malformed or inverted times */
    public BusinessHours validated() {
        if (days == null) {
            return new BusinessHours(Map.of());
        }
        for (var e : days.entrySet()) {
            DayOfWeek day = day(e.getKey());
            for (Period p : e.getValue()) {
                if (!time(p.open()).isBefore(time(p.close()))) {
                    throw Problems.badRequest("Business hours on " + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                            + ": open must be before close");
                }
            }
        }
        return this;
    }

    /** @return whether the store is open at {@code at} */
    public boolean isOpen(Instant at, ZoneId zone) {
        if (days == null || days.isEmpty()) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        for (Period p : periods(local.getDayOfWeek())) {
            LocalTime t = local.toLocalTime();
            if (!t.isBefore(time(p.open())) && t.isBefore(time(p.close()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return when the opening period containing {@code at} ends ({@code HH:mm}, store time), or empty when
     *         always open or closed at {@code at}
     */
    public Optional<String> openUntil(Instant at, ZoneId zone) {
        if (days == null || days.isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        return periods(local.getDayOfWeek()).stream()
                .filter(p -> !t.isBefore(time(p.open())) && t.isBefore(time(p.close())))
                .map(p -> time(p.close()).toString()).findFirst();
    }

    /** @return the next opening after {@code at} within a week, or empty when always open or never */
    public Optional<ZonedDateTime> nextOpening(Instant at, ZoneId zone) {
        if (days == null || days.isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime local = at.atZone(zone);
        for (int d = 0; d <= 7; d++) {
            ZonedDateTime day = local.plusDays(d);
            List<ZonedDateTime> opens = new ArrayList<>();
            for (Period p : periods(day.getDayOfWeek())) {
                ZonedDateTime open = day.with(time(p.open()));
                if (open.isAfter(local)) {
                    opens.add(open);
                }
            }
            Optional<ZonedDateTime> first = opens.stream().min(ZonedDateTime::compareTo);
            if (first.isPresent()) {
                return first;
            }
        }
        return Optional.empty();
    }

    /** @return e.g. {@code "Monday at 09:00 (Europe/Berlin)"} */
    public static String describe(ZonedDateTime opening) {
        return opening.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " at "
                + String.format("%02d:%02d", opening.getHour(), opening.getMinute()) + " (" + opening.getZone().getId() + ")";
    }

    private List<Period> periods(DayOfWeek day) {
        return days.getOrDefault(day.name().toLowerCase(Locale.ROOT), List.of());
    }

    private static DayOfWeek day(String name) {
        try {
            return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("Business hours: unknown weekday '" + name + "'");
        }
    }

    private static LocalTime time(String hhmm) {
        try {
            return LocalTime.parse(hhmm);
        } catch (DateTimeParseException | NullPointerException e) {
            throw Problems.badRequest("Business hours: times are HH:mm, got '" + hhmm + "'");
        }
    }
}
