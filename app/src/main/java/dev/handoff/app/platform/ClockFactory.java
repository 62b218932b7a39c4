package dev.handoff.app.platform;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * Provides the UTC {@link Clock} every service reads the time from, in whole microseconds: PostgreSQL's
 * {@code timestamptz} keeps microseconds, so a time a write returns or pushes live (a message's
 * {@code createdAt}) is the time a later read of the stored row gives.
 */
@Factory
class ClockFactory {

    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
