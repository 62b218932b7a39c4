package dev.handoff.app.commerce;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A minimal client of the Shopify Admin GraphQL API ({@code POST https://<shop>/admin/api/<version>/graphql.json}
 * with {@code X-Shopify-Access-Token}; shopify.dev/docs/api/admin-graphql). Rate limits are honoured:
 * a {@code THROTTLED} error waits until the cost bucket ({@code extensions.cost.throttleStatus}:
 * {@code currentlyAvailable}, {@code restoreRate} points a second) refills enough for the query's
 * {@code requestedQueryCost}, and a 429 or 5xx waits {@code Retry-After} (or backs off 1, 2, 4 s);
 * at most {@code handoff.shopify.max-attempts} (3) attempts, {@code handoff.shopify.timeout} (10 s)
 * each. {@code handoff.shopify.base-url} replaces {@code https://<shop>} (tests).
 */
@Singleton
class ShopifyAdminClient {

    private static final Logger LOG = LoggerFactory.getLogger(ShopifyAdminClient.class);

    private final HttpClient http;
    private final JsonMapper json;
    private final String baseUrl;
    private final Duration timeout;
    private final int maxAttempts;

    ShopifyAdminClient(JsonMapper json, @Value("${handoff.shopify.base-url:}") String baseUrl,
                       @Value("${handoff.shopify.timeout:10s}") Duration timeout, @Value("${handoff.shopify.max-attempts:3}") int maxAttempts) {
        this.json = json;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A failed call (after retries). */
    static class ShopifyException extends RuntimeException {
        ShopifyException(String message) {
            super(message);
        }
    }

    /**
     * Runs a GraphQL query.
     *
     * @return the {@code data} object
     * @throws ShopifyException on errors, after retries
     */
    JsonNode query(ShopifyConnections.Active shop, String query, Map<String, Object> variables) {
        String url = (baseUrl.isBlank() ? "https://" + shop.shopDomain() : baseUrl) + "/admin/api/" + shop.apiVersion() + "/graphql.json";
        String body;
        try {
            body = json.writeValueAsString(Map.of("query", query, "variables", variables));
        } catch (IOException e) {
            throw new ShopifyException("cannot encode the query: " + e.getMessage());
        }
        String failure = "no attempt";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long waitMillis;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .header("Content-Type", "application/json").header("X-Shopify-Access-Token", shop.accessToken())
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() == 429 || r.statusCode() >= 500) {
                    failure = "HTTP " + r.statusCode();
                    waitMillis = r.headers().firstValue("Retry-After").map(v -> (long) (Double.parseDouble(v) * 1000))
                            .orElse(1000L << (attempt - 1));
                } else if (r.statusCode() != 200) {
                    throw new ShopifyException("HTTP " + r.statusCode() + ": " + r.body());
                } else {
                    JsonNode root = json.readValue(r.body(), JsonNode.class);
                    JsonNode errors = root.get("errors");
                    if (errors == null || !errors.isArray() || errors.size() == 0) {
                        return root.get("data");
                    }
                    if (!throttled(errors)) {
                        throw new ShopifyException("GraphQL errors: " + errors);
                    }
                    failure = "THROTTLED";
                    waitMillis = refillMillis(root.get("extensions"));
                }
            } catch (IOException e) {
                failure = e.toString();
                waitMillis = 1000L << (attempt - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShopifyException("interrupted");
            }
            if (attempt < maxAttempts) {
                LOG.debug("Shopify {}: {}; retrying in {} ms", shop.shopDomain(), failure, waitMillis);
                sleep(Math.min(waitMillis, 30_000));
            }
        }
        throw new ShopifyException("Shopify " + shop.shopDomain() + " failed after " + maxAttempts + " attempts: " + failure);
    }

    private static boolean throttled(JsonNode errors) {
        for (JsonNode e : errors.values()) {
            JsonNode ext = e.get("extensions");
            if (ext != null && ext.get("code") != null && "THROTTLED".equals(ext.get("code").coerceStringValue())) {
                return true;
            }
        }
        return false;
    }

    /** @return how long until the bucket holds the query's cost: (requested − available) / restoreRate seconds */
    private static long refillMillis(JsonNode extensions) {
        JsonNode cost = extensions == null ? null : extensions.get("cost");
        if (cost == null) {
            return 1000;
        }
        double requested = number(cost.get("requestedQueryCost"), 1);
        JsonNode status = cost.get("throttleStatus");
        double available = status == null ? 0 : number(status.get("currentlyAvailable"), 0);
        double restore = status == null ? 50 : number(status.get("restoreRate"), 50);
        return Math.max(0, (long) Math.ceil((requested - available) / Math.max(restore, 1) * 1000));
    }

    private static double number(JsonNode n, double otherwise) {
        return n != null && n.isNumber() ? n.getNumberValue().doubleValue() : otherwise;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShopifyException("interrupted");
        }
    }
}
