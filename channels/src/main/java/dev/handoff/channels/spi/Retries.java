package dev.handoff.channels.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Retries a provider call that failed with 429 or a 5xx, waiting what {@code Retry-After} says
 * (RFC 9110 §10.2.3: seconds or an HTTP date), or else an exponential backoff from one second; at
 * most {@code attempts} tries and a minute's wait each.
 */
public final class Retries {

    private Retries() {
    }

    /** What a failed call said. */
    public interface Failure {
        /** @return the HTTP status, or 0 when there was no answer */
        int status();

        /** @return the {@code Retry-After} header, or {@code null} */
        String retryAfter();
    }

    /**
     * @param call     the call
     * @param classify turns an exception into a {@link Failure}, or {@code null} when it is not an HTTP failure (rethrown)
     * @return what the call returned
     */
    public static <T> T call(Supplier<T> call, java.util.function.Function<RuntimeException, Failure> classify, int attempts) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                Failure f = classify.apply(e);
                boolean retryable = f != null && (f.status() == 429 || f.status() >= 500);
                if (!retryable || attempt >= attempts) {
                    throw e;
                }
                sleep(wait(f.retryAfter(), attempt));
            }
        }
    }

    /** @return how long to wait before try {@code attempt + 1} */
    static Duration wait(String retryAfter, int attempt) {
        Duration backoff = Duration.ofMillis(1000L << Math.min(attempt - 1, 6));
        if (retryAfter != null && !retryAfter.isBlank()) {
            try {
                backoff = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
            } catch (NumberFormatException e) {
                try {
                    backoff = Duration.between(Instant.now(), ZonedDateTime.parse(retryAfter.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                } catch (RuntimeException ignored) {
                    // keep the backoff
                }
            }
        }
        return backoff.isNegative() ? Duration.ZERO : backoff.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : backoff;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException(ChannelException.Kind.UNAVAILABLE, "Interrupted while waiting to retry");
        }
    }
}
