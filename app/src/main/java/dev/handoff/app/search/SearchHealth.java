package dev.handoff.app.search;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;

/**
 * Readiness of the search backend ({@code GET /health/readiness}, component {@code search}): {@code UP} with
 * the embedded index, or when the Elasticsearch cluster answers {@code _cluster/health} with green or yellow;
 * {@code DEGRADED} (operational, HTTP 200) when it is red or does not answer, because FAQ answers and
 * merchant search then fall back ({@link FailoverFaqIndex}, PostgreSQL full-text search) and writes
 * wait in durable jobs: one search outage must not take every node out of the load balancer.
 */
@Singleton
@Readiness
class SearchHealth implements HealthIndicator {

    /** Serving from the fallbacks. */
    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED", "the search backend does not answer; fallbacks serve", true, 1);

    private final ElasticsearchIndices elasticsearch;

    SearchHealth(@Nullable ElasticsearchIndices elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        if (elasticsearch == null) {
            return Mono.just(HealthResult.builder("search", HealthStatus.UP).details(Map.of("backend", "lucene")).build());
        }
        return Mono.fromCallable(() -> {
            try {
                String status = elasticsearch.clusterStatus();
                return HealthResult.builder("search", "red".equals(status) ? DEGRADED : HealthStatus.UP)
                        .details(Map.of("backend", "elasticsearch", "cluster", status)).build();
            } catch (java.io.IOException | RuntimeException e) {
                return HealthResult.builder("search", DEGRADED).details(Map.of("backend", "elasticsearch", "error", String.valueOf(e.getMessage()))).build();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
