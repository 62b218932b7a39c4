package dev.handoff.app.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rate limit on a route, enforced by {@link RateLimitFilter} with {@link RateLimiter}'s Bucket4j
 * buckets: one bucket per client IP ({@code handoff.limits.<value>.per-ip}) and, when {@link #key()}
 * names a route variable, one per value of it ({@code handoff.limits.<value>.per-key}, e.g. per widget
 * key or per conversation). Past either, the answer is 429 with {@code Retry-After} as problem+json.
 *
 * <pre>{@code @RateLimit(value = "widget-messages", key = "id")}</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimit {

    /** @return the limit's name under {@code handoff.limits} */
    String value();

    /** @return the route variable with a bucket per value, or empty for per-IP only */
    String key() default "";
}
