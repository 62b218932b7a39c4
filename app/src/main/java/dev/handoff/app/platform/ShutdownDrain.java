package dev.handoff.app.platform;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Graceful shutdown (SIGTERM, or the application context closing): before the server and the beans
 * stop, readiness turns {@code DOWN} (component {@code shutdown}, so a load balancer stops sending), and
 * the app's own drainable parts are drained in parallel, for at most {@code handoff.shutdown.grace}
 * ({@code HANDOFF_SHUTDOWN_GRACE}, 30 s): WebSockets closed with 1001 so clients reconnect to another node,
 * running assistant turns finished, mail sync stopped and mailbox leases released. Only the app's beans
 * take part (Micronaut's own graceful shutdown of the server and executors is left off: its executors
 * stopped before the sockets' close handlers ran, and the server then waited out the whole grace period).
 */
@Singleton
@Readiness
class ShutdownDrain implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);

    private final List<GracefulShutdownCapable> drainable;
    private final Duration grace;
    private volatile boolean draining;

    ShutdownDrain(List<GracefulShutdownCapable> all, @Value("${handoff.shutdown.grace:30s}") Duration grace) {
        this.drainable = all.stream().filter(b -> b.getClass().getName().startsWith("dev.handoff.")).toList();
        this.grace = grace;
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        draining = true;
        long start = System.nanoTime();
        try {
            CompletableFuture.allOf(drainable.stream().map(b -> {
                try {
                    return b.shutdownGracefully().toCompletableFuture();
                } catch (RuntimeException e) {
                    LOG.warn("{} did not drain: {}", b.getClass().getSimpleName(), e.toString());
                    return CompletableFuture.completedFuture(null);
                }
            }).toArray(CompletableFuture[]::new)).get(grace.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Drained in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (TimeoutException e) {
            LOG.warn("Still draining after {}; stopping anyway", grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("Draining failed: {}", e.getCause().toString());
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.just(HealthResult.builder("shutdown", draining ? HealthStatus.DOWN : HealthStatus.UP).build());
    }
}
