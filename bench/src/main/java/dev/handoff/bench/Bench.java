package dev.handoff.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the benchmarks share: their {@code main()} wrapper, percentiles of open-loop latencies, a process's memory. */
final class Bench {

    /** A latency that never came (a timeout): sorts last and prints as +inf. */
    static final long INF = Long.MAX_VALUE;

    private Bench() {
    }

    /** A benchmark's body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs a benchmark and exits the JVM: 0 when it completed, 1 (with the stack trace) when it threw. Exiting
     * ends the in-process app's non-daemon threads too.
     */
    static void main(Body body) {
        try {
            body.run();
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * The nearest-rank percentile (the smallest value with at least {@code p} of the values at or below it).
     *
     * @param sortedNanos latencies in nanoseconds, ascending, a missing answer as {@link #INF}
     * @param p           in (0, 1]
     * @return e.g. {@code 12.3 ms}, {@code +inf}, or {@code -} when there are none
     */
    static String percentile(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) {
            return "-";
        }
        return ms(sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, (int) Math.ceil(p * sortedNanos.size()) - 1))));
    }

    /** @return nanoseconds as milliseconds with one decimal, or {@code +inf} for {@link #INF} */
    static String ms(long nanos) {
        return nanos == INF ? "+inf" : String.format("%.1f ms", nanos / 1e6);
    }

    /** @return the resident memory (VmRSS) of a process in KiB, 0 when it cannot be read */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
