package dev.handoff.app.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard needs of a span of time, in a form that adds up: per UTC day and channel the
 * outcome counts, conversations started and their sentiment per quarter hour (so any time zone's
 * days, weekdays and hours can be read off exactly: every zone's offset is a multiple of 15 minutes),
 * and log-spaced histograms of first response and resolution times; per day the FAQ items cited.
 * Built from the tables for an interval, or read from the daily roll-ups; spans that do not overlap
 * are merged by adding.
 */
final class Rollup {

    /** Quarter hours in a day. */
    static final int QUARTERS = 96;
    /** Histogram buckets: 0 holds [0, 1) s, bucket k ≥ 1 holds [1.05^(k-1), 1.05^k) s; the last one everything above. */
    static final int BUCKETS = 360;
    private static final double RATIO = 1.05;

    /** One UTC day of one channel. */
    static final class Cell {
        long conversations;
        long resolvedAi;
        long resolvedHuman;
        long escalated;
        long cancelled;
        final int[] started = new int[QUARTERS];
        final int[] positive = new int[QUARTERS];
        final int[] neutral = new int[QUARTERS];
        final int[] negative = new int[QUARTERS];
        final int[] trendN = new int[QUARTERS];
        final double[] trendSum = new double[QUARTERS];
        final int[] firstResponse = new int[BUCKETS];
        final int[] resolution = new int[BUCKETS];

        void add(Cell o) {
            conversations += o.conversations;
            resolvedAi += o.resolvedAi;
            resolvedHuman += o.resolvedHuman;
            escalated += o.escalated;
            cancelled += o.cancelled;
            for (int q = 0; q < QUARTERS; q++) {
                started[q] += o.started[q];
                positive[q] += o.positive[q];
                neutral[q] += o.neutral[q];
                negative[q] += o.negative[q];
                trendN[q] += o.trendN[q];
                trendSum[q] += o.trendSum[q];
            }
            for (int b = 0; b < BUCKETS; b++) {
                firstResponse[b] += o.firstResponse[b];
                resolution[b] += o.resolution[b];
            }
        }
    }

    /** Cells by UTC day, then channel. */
    final Map<LocalDate, Map<String, Cell>> days = new TreeMap<>();
    /** FAQ item id → times cited, by UTC day. */
    final Map<LocalDate, Map<String, Long>> faq = new TreeMap<>();

    Cell cell(LocalDate day, String channel) {
        return days.computeIfAbsent(day, d -> new HashMap<>()).computeIfAbsent(channel, c -> new Cell());
    }

    void cite(LocalDate day, String item, long n) {
        faq.computeIfAbsent(day, d -> new HashMap<>()).merge(item, n, Long::sum);
    }

    /** Adds a span that does not overlap this one. */
    void add(Rollup o) {
        o.days.forEach((day, cells) -> cells.forEach((channel, c) -> cell(day, channel).add(c)));
        o.faq.forEach((day, items) -> items.forEach((item, n) -> cite(day, item, n)));
    }

    /** @return the histogram bucket of a duration in seconds */
    static int bucket(double seconds) {
        if (seconds < 1) {
            return 0;
        }
        return (int) Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(seconds) / Math.log(RATIO)));
    }

    /**
     * The {@code p}-th percentile of a histogram, as PostgreSQL's {@code percentile_cont} ranks (0-based
     * rank p·(n−1)), read as its bucket's geometric middle: within 2.5 % of the exact value.
     *
     * @return seconds, or {@code null} for an empty histogram
     */
    static Double percentile(int[] histogram, double p) {
        long n = Arrays.stream(histogram).asLongStream().sum();
        if (n == 0) {
            return null;
        }
        double rank = p * (n - 1);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += histogram[b];
            if (seen > rank) {
                return b == 0 ? 0.0 : Math.pow(RATIO, b - 0.5);
            }
        }
        return Math.pow(RATIO, BUCKETS - 1.5);
    }

    /** @return the instant a quarter hour of a UTC day starts */
    static Instant quarterStart(LocalDate day, int quarter) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(quarter * 900L);
    }

    /** Totals across days and channels. */
    Cell total() {
        Cell t = new Cell();
        days.values().forEach(cells -> cells.values().forEach(t::add));
        return t;
    }

    /** @return per channel, sorted by channel name */
    List<AnalyticsService.ChannelStats> channels() {
        Map<String, Cell> by = new TreeMap<>();
        days.values().forEach(cells -> cells.forEach((channel, c) -> by.computeIfAbsent(channel, x -> new Cell()).add(c)));
        List<AnalyticsService.ChannelStats> out = new ArrayList<>();
        by.forEach((channel, c) -> out.add(new AnalyticsService.ChannelStats(channel, c.conversations, c.escalated,
                c.resolvedAi + c.resolvedHuman)));
        return out;
    }

    /** @return conversations started per weekday (row 0 = Monday) and hour in {@code zone} */
    long[][] busiestHours(ZoneId zone) {
        long[][] hours = new long[7][24];
        days.forEach((day, cells) -> cells.values().forEach(c -> {
            for (int q = 0; q < QUARTERS; q++) {
                if (c.started[q] > 0) {
                    ZonedDateTime local = quarterStart(day, q).atZone(zone);
                    hours[local.getDayOfWeek().getValue() - 1][local.getHour()] += c.started[q];
                }
            }
        }));
        return hours;
    }

    /** @return sentiment of the conversations started per day in {@code zone}, oldest first */
    List<AnalyticsService.DaySentiment> sentiment(ZoneId zone) {
        Map<LocalDate, double[]> by = new TreeMap<>();
        days.forEach((day, cells) -> cells.values().forEach(c -> {
            for (int q = 0; q < QUARTERS; q++) {
                if (c.positive[q] + c.neutral[q] + c.negative[q] + c.trendN[q] > 0) {
                    double[] acc = by.computeIfAbsent(quarterStart(day, q).atZone(zone).toLocalDate(), d -> new double[5]);
                    acc[0] += c.positive[q];
                    acc[1] += c.neutral[q];
                    acc[2] += c.negative[q];
                    acc[3] += c.trendSum[q];
                    acc[4] += c.trendN[q];
                }
            }
        }));
        List<AnalyticsService.DaySentiment> out = new ArrayList<>();
        by.forEach((day, a) -> {
            if (a[0] + a[1] + a[2] > 0) {
                out.add(new AnalyticsService.DaySentiment(day, (long) a[0], (long) a[1], (long) a[2], a[4] == 0 ? null : a[3] / a[4]));
            }
        });
        return out;
    }

    /** @return FAQ item id → times cited across the span */
    Map<String, Long> citations() {
        Map<String, Long> out = new HashMap<>();
        faq.values().forEach(items -> items.forEach((item, n) -> out.merge(item, n, Long::sum)));
        return out;
    }
}
