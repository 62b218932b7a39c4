package dev.handoff.app.platform;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Readiness of the durable jobs ({@code GET /health/readiness}, component {@code scheduler}): {@code UP}
 * while db-scheduler runs, {@code DOWN} before it started and once it shuts down. The database is the
 * {@code jdbc} component (Micronaut's own {@code SELECT 1} check); a node that is shutting down reports
 * {@code DOWN} through {@link ShutdownDrain}, so a load balancer stops sending to it.
 */
@Singleton
@Readiness
class SchedulerHealth implements HealthIndicator {

    private final JobScheduler jobs;

    SchedulerHealth(JobScheduler jobs) {
        this.jobs = jobs;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.just(HealthResult.builder("scheduler", jobs.running() ? HealthStatus.UP : HealthStatus.DOWN).build());
    }
}
