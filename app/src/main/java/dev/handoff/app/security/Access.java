package dev.handoff.app.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a route: the one authorisation rule of a controller (on the class) or of one of its
 * methods (a method's rule wins). {@link AccessFilter} enforces it before the controller runs; a
 * controller method under {@code /api/**} or {@code /ws/**} without a rule is refused (default deny)
 * and {@code RouteAccessMatrixTest} fails on it.
 *
 * <pre>{@code
 * @Controller("/api/stores/{storeId}/webhooks")
 * @Access(AccessLevel.STORE_ADMIN)
 * class WebhookController { ... }
 * }</pre>
 *
 * Store-scoped levels read the store from the route's {@code storeId} variable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {

    /** @return the level a caller needs */
    AccessLevel value();
}
