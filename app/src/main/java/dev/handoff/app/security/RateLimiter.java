package dev.handoff.app.security;

import dev.handoff.app.platform.Problems;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets (Bucket4j, greedy refill) for the limits under {@code handoff.limits.<name>.per-ip} and
 * {@code .per-key}, written {@code <requests>/<period>} (e.g. {@code 30/1m}; the period in
 * {@code s}, {@code m}, {@code h} or {@code d}; {@code off} disables one; {@code handoff.limits.enabled=false}
 * disables all, as the test suite's shared app does). Buckets live in this node's
 * memory: with several nodes each enforces its own share (a client spread over N nodes gets up to N times
 * the limit). Full buckets are dropped every minute, so memory follows the active clients.
 */
@Singleton
public class RateLimiter {

    private final Environment environment;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rate-limit-sweeper");
        t.setDaemon(true);
        return t;
    });

    private final boolean enabled;

    RateLimiter(Environment environment) {
        this.environment = environment;
        this.enabled = environment.getProperty("handoff.limits.enabled", Boolean.class).orElse(true);
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Takes one request from the bucket of {@code handoff.limits.<name>.<scope>} for {@code subject}.
     *
     * @param name    limit name, e.g. {@code widget-messages}
     * @param scope   {@code per-ip}, {@code per-key}, {@code per-store} or {@code per-account}
     * @param subject the IP address, key or account
     * @throws RateLimitedException 429 with the seconds until the next request is allowed
     */
    public void consume(String name, String scope, String subject) {
        if (!enabled) {
            return;
        }
        Limit limit = limits.computeIfAbsent(name + "." + scope, this::limit);
        if (limit.requests() <= 0) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(name + "|" + scope + "|" + subject, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.requests()).refillGreedy(limit.requests(), limit.period()).build()).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw new RateLimitedException("Too many requests (" + name.replace('-', ' ') + ", " + scope.replace('-', ' ')
                    + "): try again in " + seconds + " s", seconds);
        }
    }

    private Limit limit(String property) {
        String value = environment.getProperty("handoff.limits." + property, String.class).orElse("off").strip();
        if (value.equalsIgnoreCase("off")) {
            return new Limit(0, Duration.ZERO);
        }
        String[] parts = value.split("/");
        return new Limit(Long.parseLong(parts[0].strip()), period(parts[1].strip()));
    }

    /** @return a period written {@code <n>s|m|h|d} (e.g. {@code 15m}) */
    private static Duration period(String text) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("A rate-limit period is <n>s, m, h or d: " + text);
        };
    }

    private void sweep() {
        buckets.entrySet().removeIf(e -> {
            String[] parts = e.getKey().split("\\|", 3);
            Limit limit = limits.get(parts[0] + "." + parts[1]);
            return limit == null || e.getValue().getAvailableTokens() >= limit.requests();
        });
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }

    private record Limit(long requests, Duration period) {
    }

    /** 429 Too Many Requests; {@link #retryAfterSeconds()} goes into the {@code Retry-After} header. */
    public static final class RateLimitedException extends io.micronaut.http.exceptions.HttpStatusException {

        private final long retryAfterSeconds;

        RateLimitedException(String detail, long retryAfterSeconds) {
            super(io.micronaut.http.HttpStatus.TOO_MANY_REQUESTS, detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** @return seconds until a request is allowed again */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
