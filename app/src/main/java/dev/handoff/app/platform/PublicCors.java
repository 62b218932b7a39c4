package dev.handoff.app.platform;

/**
 * The one CORS grant of the server, for the shopper-facing routes a storefront on another origin calls:
 * the widget API ({@code /api/widget/**}), the widget's WebSocket and the public help centre. Put it on a
 * controller as
 * {@code @CrossOrigin(allowedOriginsRegex = PublicCors.ANY_ORIGIN, allowedMethods = {GET, POST, OPTIONS},
 * allowedHeaders = {PublicCors.CONTENT_TYPE, PublicCors.VISITOR_TOKEN, PublicCors.IDEMPOTENCY_KEY})}.
 * <p>
 * There is deliberately no server-wide CORS configuration: Micronaut picks a configuration by the request's
 * origin, not its path, so a permissive global rule would also judge the dashboard's same-origin PUT, PATCH
 * and DELETE (browsers send {@code Origin} on them) and refuse the methods it does not list. Routes without
 * {@code @CrossOrigin} answer their own origin and never grant another one (the dashboard authenticates
 * with a bearer token, so it needs no cross-origin access).
 */
public final class PublicCors {

    /** Any storefront may embed the widget: a regular expression matching every origin. */
    public static final String ANY_ORIGIN = ".*";
    /** Request headers the widget sends. */
    public static final String CONTENT_TYPE = "Content-Type";
    /** The visitor's conversation secret. */
    public static final String VISITOR_TOKEN = "X-Visitor-Token";
    /** Makes a retried POST safe. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private PublicCors() {
    }
}
