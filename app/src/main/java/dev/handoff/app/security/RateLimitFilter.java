package dev.handoff.app.security;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;

import java.util.Optional;

/**
 * Applies the {@link RateLimit} of the matched route (HTTP and WebSocket upgrades) before anything
 * else runs: the client address's bucket ({@link ClientAddresses}), then the bucket of the route variable it names.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RateLimitFilter {

    private final RateLimiter limiter;
    private final ClientAddresses clients;

    RateLimitFilter(RateLimiter limiter, ClientAddresses clients) {
        this.limiter = limiter;
        this.clients = clients;
    }

    @RequestFilter
    void check(HttpRequest<?> request) {
        Optional<RouteMatch<?>> match = RouteAttributes.getRouteMatch(request);
        if (match.isEmpty()) {
            return;
        }
        AnnotationValue<RateLimit> limit = match.get().getAnnotationMetadata().getAnnotation(RateLimit.class);
        if (limit == null) {
            return;
        }
        String name = limit.stringValue().orElseThrow();
        limiter.consume(name, "per-ip", ClientAddresses.key(clients.of(request)));
        String key = limit.stringValue("key").orElse("");
        if (!key.isEmpty()) {
            Object value = match.get().getVariableValues().get(key);
            if (value != null) {
                limiter.consume(name, "per-key", value.toString());
            }
        }
    }
}
