package dev.handoff.app.analytics;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollupTest {

    @Test
    void histogramPercentilesAreWithinTwoAndAHalfPercentOfTheExactValue() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            double[] values = new double[1 + random.nextInt(5_000)];
            int[] histogram = new int[Rollup.BUCKETS];
            for (int i = 0; i < values.length; i++) {
                values[i] = 1 + Math.exp(random.nextDouble() * 12); // 2 s to two days, log-uniform
                histogram[Rollup.bucket(values[i])]++;
            }
            Arrays.sort(values);
            for (double p : new double[] {0.5, 0.9}) {
                double rank = p * (values.length - 1);
                double exact = values[(int) Math.floor(rank)];
                double approx = Rollup.percentile(histogram, p);
                assertTrue(Math.abs(approx - exact) / exact <= 0.026, p + ": " + approx + " vs " + exact);
            }
        }
        assertNull(Rollup.percentile(new int[Rollup.BUCKETS], 0.5));
        int[] instant = new int[Rollup.BUCKETS];
        instant[Rollup.bucket(0.2)] = 3;
        assertEquals(0.0, Rollup.percentile(instant, 0.9));
    }

    @Test
    void quarterHoursGiveExactLocalHoursAndDaysInEveryZone() {
        Rollup r = new Rollup();
        LocalDate day = LocalDate.of(2026, 11, 16); // a Monday
        Rollup.Cell cell = r.cell(day, "widget");
        cell.started[10 * 4 + 3] = 2; // 10:45 UTC
        cell.positive[10 * 4 + 3] = 2;
        cell.started[23 * 4 + 2] = 1; // 23:30 UTC
        cell.negative[23 * 4 + 2] = 1;
        long[][] kolkata = r.busiestHours(ZoneId.of("Asia/Kolkata")); // UTC+5:30
        assertEquals(2, kolkata[0][16], "10:45 UTC is 16:15 on Monday in Kolkata");
        assertEquals(1, kolkata[1][5], "23:30 UTC is 05:00 on Tuesday in Kolkata");
        var days = r.sentiment(ZoneId.of("Asia/Kolkata"));
        assertEquals(2, days.size());
        assertEquals(LocalDate.of(2026, 11, 17), days.get(1).day());
        assertEquals(1, days.get(1).negative());
        long[][] utc = r.busiestHours(ZoneId.of("UTC"));
        assertEquals(2, utc[0][10]);
        assertEquals(1, utc[0][23]);
    }
}
