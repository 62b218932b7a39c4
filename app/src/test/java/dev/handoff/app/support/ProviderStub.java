package dev.handoff.app.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the Gmail and Microsoft Graph loopback stubs share: an HTTP server, an OAuth 2.0 token endpoint
 * (RFC 6749 §4.1.3 and §6: {@code code-<email>} is a valid authorization code; a revoked mailbox's
 * refresh gets {@code 400 {"error":"invalid_grant"}}), bearer checks, and injectable failures
 * (the next n API calls answer a status with {@code Retry-After}).
 */
abstract class ProviderStub implements AutoCloseable {

    protected final HttpServer server;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus;
    private volatile String retryAfter;
    protected final AtomicInteger apiCalls = new AtomicInteger();
    protected final AtomicInteger refreshes = new AtomicInteger();

    ProviderStub() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/token", this::token);
        server.start();
    }

    /** A handler that may fail. */
    protected interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Serves {@code path}; a handler that throws answers 500 with the error in the provider's shape, so a stub bug is visible. */
    protected void serve(String path, Handler handler) {
        server.createContext(path, exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException | IOException e) {
                e.printStackTrace();
                json(exchange, 500, "{\"error\":{\"code\":500,\"message\":\"" + e.toString().replace("\"", "'") + "\"}}");
            }
        });
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code n} API calls answer {@code status} with {@code Retry-After: retryAfter}. */
    public void failNext(int n, int status, String retryAfterSeconds) {
        failureStatus = status;
        retryAfter = retryAfterSeconds;
        failures.set(n);
    }

    /** Revokes a mailbox's consent: its tokens stop working and refreshing them is refused. */
    public void revoke(String email) {
        revoked.add(email);
    }

    public int apiCalls() {
        return apiCalls.get();
    }

    public int refreshes() {
        return refreshes.get();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String email;
        if ("authorization_code".equals(form.get("grant_type")) && form.getOrDefault("code", "").startsWith("code-")) {
            email = form.get("code").substring(5);
        } else if ("refresh_token".equals(form.get("grant_type")) && form.getOrDefault("refresh_token", "").startsWith("rt-")) {
            email = form.get("refresh_token").substring(3);
            refreshes.incrementAndGet();
        } else {
            email = null;
        }
        if (email == null || revoked.contains(email) || form.get("client_id") == null) {
            json(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}");
            return;
        }
        String access = "at-" + java.util.UUID.randomUUID();
        tokens.put(access, email);
        json(exchange, 200, "{\"access_token\":\"" + access + "\",\"expires_in\":3599,\"refresh_token\":\"rt-" + email
                + "\",\"token_type\":\"Bearer\",\"scope\":\"mail\"}");
    }

    /**
     * @return the mailbox the request's bearer token belongs to, or {@code null} after answering 401 or an injected failure
     */
    protected String authorise(HttpExchange exchange) throws IOException {
        apiCalls.incrementAndGet();
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
            json(exchange, failureStatus, unavailable(failureStatus));
            return null;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String email = auth == null || !auth.startsWith("Bearer ") ? null : tokens.get(auth.substring(7));
        if (email == null || revoked.contains(email)) {
            json(exchange, 401, unauthenticated());
            return null;
        }
        return email;
    }

    /** @return the provider's error body for an injected failure */
    protected abstract String unavailable(int status);

    /** @return the provider's error body for a bad token */
    protected abstract String unauthenticated();

    protected static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** @return the request body as JSON, un-gzipped when the client compressed it (the Google client does) */
    protected static com.fasterxml.jackson.databind.JsonNode body(HttpExchange exchange) throws IOException {
        java.io.InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new java.util.zip.GZIPInputStream(in);
        }
        return Api.JSON.readTree(in);
    }

    protected static Map<String, String> query(HttpExchange exchange) {
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? Map.of() : form(q);
    }

    protected static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
    }

    protected static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
