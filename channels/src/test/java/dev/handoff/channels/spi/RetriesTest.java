package dev.handoff.channels.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetriesTest {

    private record Http(int status, String retryAfter) implements Retries.Failure {
    }

    private static final class Failed extends RuntimeException {
        final Http http;

        Failed(Http http) {
            this.http = http;
        }
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateWinsOverTheBackoff() {
        assertEquals(Duration.ofSeconds(7), Retries.wait("7", 1));
        Duration date = Retries.wait(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(30)), 1);
        assertTrue(date.toSeconds() >= 28 && date.toSeconds() <= 30, date.toString());
        assertEquals(Duration.ofSeconds(1), Retries.wait(null, 1));
        assertEquals(Duration.ofSeconds(4), Retries.wait("soon", 3));
        assertEquals(Duration.ofMinutes(1), Retries.wait("86400", 1), "a minute at most");
    }

    @Test
    void retriesThrottlingAndServerErrorsButNotClientErrors() {
        AtomicInteger calls = new AtomicInteger();
        String result = Retries.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new Failed(new Http(calls.get() == 1 ? 429 : 503, "0"));
            }
            return "ok";
        }, e -> e instanceof Failed f ? f.http : null, 4);
        assertEquals("ok", result);
        assertEquals(3, calls.get());

        AtomicInteger bad = new AtomicInteger();
        assertThrows(Failed.class, () -> Retries.call(() -> {
            bad.incrementAndGet();
            throw new Failed(new Http(400, null));
        }, e -> e instanceof Failed f ? f.http : null, 4));
        assertEquals(1, bad.get());

        AtomicInteger always = new AtomicInteger();
        assertThrows(Failed.class, () -> Retries.call(() -> {
            always.incrementAndGet();
            throw new Failed(new Http(500, "0"));
        }, e -> e instanceof Failed f ? f.http : null, 3));
        assertEquals(3, always.get());
    }
}
