package dev.handoff.app.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records when a search is answered by a fallback because the search backend is unavailable, in the
 * log (a warning when an outage starts, a note when it ends) and in metrics:
 * <ul>
 *   <li>{@code handoff.search.fallback} (counter; tags {@code index=faq|conversations},
 *       {@code to=embedded|postgresql}): searches answered by the fallback;</li>
 *   <li>{@code handoff.search.backend.available} (gauge, 1 or 0; tag {@code index}): whether the last
 *       search of that index reached the backend.</li>
 * </ul>
 * Read them at {@code GET /metrics/handoff.search.fallback}.
 */
@Singleton
public class SearchFallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(SearchFallbacks.class);

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> available = new ConcurrentHashMap<>();

    SearchFallbacks(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A search of {@code index} was answered by {@code to} because the backend failed with {@code cause}. */
    void fellBack(String index, String to, RuntimeException cause) {
        Counter.builder("handoff.search.fallback").description("Searches answered by a fallback during a search backend outage")
                .tag("index", index).tag("to", to).register(registry).increment();
        if (gauge(index).getAndSet(0) == 1) {
            LOG.warn("Search backend unavailable: {} searches now answered by the {} fallback ({})", index, to, cause.getMessage());
        }
    }

    /** A search of {@code index} reached the backend. */
    void reached(String index) {
        if (gauge(index).getAndSet(1) == 0) {
            LOG.info("Search backend available again: {} searches answered by it", index);
        }
    }

    private AtomicInteger gauge(String index) {
        return available.computeIfAbsent(index, i -> {
            AtomicInteger value = new AtomicInteger(1);
            Gauge.builder("handoff.search.backend.available", value, AtomicInteger::get)
                    .description("1 while the search backend answers, 0 during an outage").tag("index", i).register(registry);
            return value;
        });
    }
}
