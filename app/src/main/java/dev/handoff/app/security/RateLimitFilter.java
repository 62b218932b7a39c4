package dev.handoff.app.security;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Applies the {@link RateLimit} of the matched route (HTTP and WebSocket upgrades) before anything
 * else runs: the client IP's bucket, then the bucket of the route variable it names.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RateLimitFilter {

    private final RateLimiter limiter;

    RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
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
        limiter.consume(name, "per-ip", clientIp(request));
        String key = limit.stringValue("key").orElse("");
        if (!key.isEmpty()) {
            Object value = match.get().getVariableValues().get(key);
            if (value != null) {
                limiter.consume(name, "per-key", value.toString());
            }
        }
    }

    /** @return the address the request came from (the proxy's, behind one) */
    static String clientIp(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }
}
