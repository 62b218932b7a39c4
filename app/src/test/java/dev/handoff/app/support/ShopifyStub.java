package dev.handoff.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stub of the Shopify Admin GraphQL API ({@code POST /admin/api/<version>/graphql.json}):
 * the {@code orders(first, query, sortKey: CREATED_AT, reverse: true)} query with the {@code name:#N}
 * and {@code email:"…"} search syntax, answered as {@code {"data": {"orders": {"nodes": [...]}},
 * "extensions": {"cost": {..., "throttleStatus": {...}}}}} per the documented shapes. Shops are told
 * apart by their {@code X-Shopify-Access-Token}; a test can make a shop throttle or fail.
 */
public final class ShopifyStub implements AutoCloseable {

    private static ShopifyStub shared;

    private final HttpServer server;
    private final Map<String, List<Map<String, Object>>> orders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttle = new ConcurrentHashMap<>();
    private final Map<String, Boolean> down = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** @return the stub the shared test apps point {@code handoff.shopify.base-url} at */
    public static synchronized ShopifyStub shared() {
        if (shared == null) {
            shared = new ShopifyStub();
        }
        return shared;
    }

    private ShopifyStub() {
        // answer without Nagle's delay: headers and body go out in separate writes
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/admin/api/", exchange -> {
            requests.incrementAndGet();
            String token = exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token");
            JsonNode request = Api.JSON.readTree(exchange.getRequestBody());
            int status = 200;
            Object answer;
            if (token == null || !orders.containsKey(token)) {
                status = 401;
                answer = Map.of("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)");
            } else if (Boolean.TRUE.equals(down.get(token))) {
                status = 503;
                answer = Map.of("errors", "Service unavailable");
            } else if (throttle.getOrDefault(token, new AtomicInteger()).getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer = Map.of("errors", List.of(Map.of("message", "Throttled", "extensions",
                                Map.of("code", "THROTTLED", "documentation", "https://shopify.dev/api/usage/rate-limits"))),
                        "extensions", cost(102, 40));
            } else {
                String query = request.path("variables").path("query").asText();
                int first = request.path("variables").path("first").asInt(10);
                List<Map<String, Object>> nodes = new ArrayList<>();
                for (Map<String, Object> o : orders.get(token)) {
                    if (matches(o, query)) {
                        nodes.add(o);
                    }
                }
                nodes.sort((a, b) -> String.valueOf(b.get("createdAt")).compareTo(String.valueOf(a.get("createdAt"))));
                answer = Map.of("data", Map.of("orders", Map.of("nodes", nodes.subList(0, Math.min(first, nodes.size())))),
                        "extensions", cost(12, 1988));
            }
            byte[] body = Api.json(answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static Map<String, Object> cost(int requested, int available) {
        return Map.of("cost", Map.of("requestedQueryCost", requested, "actualQueryCost", Math.min(requested, available),
                "throttleStatus", Map.of("maximumAvailable", 2000.0, "currentlyAvailable", available, "restoreRate", 100.0)));
    }

    private static boolean matches(Map<String, Object> order, String query) {
        if (query.startsWith("name:")) {
            String name = query.substring(5).replace("\"", "");
            return String.valueOf(order.get("name")).equalsIgnoreCase(name.startsWith("#") ? name : "#" + name);
        }
        if (query.startsWith("email:")) {
            return String.valueOf(order.get("email")).toLowerCase(Locale.ROOT)
                    .equals(query.substring(6).replace("\"", "").toLowerCase(Locale.ROOT));
        }
        return true;
    }

    /** @return the base URL for {@code handoff.shopify.base-url} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves these orders (GraphQL {@code Order} objects) to the shop with this access token. */
    public void shop(String accessToken, List<Map<String, Object>> graphQlOrders) {
        orders.put(accessToken, new ArrayList<>(graphQlOrders));
    }

    /** The next {@code n} queries of the shop answer {@code THROTTLED}. */
    public void throttle(String accessToken, int n) {
        throttle.put(accessToken, new AtomicInteger(n));
    }

    /** Makes the shop answer 503 (or recover). */
    public void down(String accessToken, boolean isDown) {
        down.put(accessToken, isDown);
    }

    /** @return requests received */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
