package dev.handoff.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.app.platform.HandoffBootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small JSON-over-HTTP client of a running Handoff, for tests and benchmarks. */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** The smallest valid PNG: a 1×1 transparent pixel (for upload tests). */
    public static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    private final String base;
    private final HandoffBootstrap.RunningHandoff app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;
    private Duration timeout = Duration.ofSeconds(30);

    /** Sets the per-request timeout (default 30 s); bulk imports of large FAQs take longer. */
    public Api timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public Api(String base, HandoffBootstrap.RunningHandoff app) {
        this.base = base;
        this.app = app;
    }

    public String base() {
        return base;
    }

    public HandoffBootstrap.RunningHandoff app() {
        return app;
    }

    /** A response: status, content type and parsed JSON body (null when empty or not JSON). */
    public record Res(int status, String contentType, JsonNode body, String raw, java.net.http.HttpHeaders headers) {
    }

    public Res send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return exchange(b, headers);
    }

    /** Sends a body as it is, with the headers given as name, value… (set Content-Type among them). */
    public Res sendRaw(String method, String path, String body, String... headers) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** Posts {@code multipart/form-data} with one file part named {@code file} and text fields (RFC 7578). */
    public Res upload(String path, String filename, String contentType, byte[] content, Map<String, String> fields, String... headers) {
        String boundary = "----handoff" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        for (var f : fields.entrySet()) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(utf8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(utf8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary);
        return exchange(b, headers);
    }

    /** @return the status and bytes of a GET */
    public java.util.Map.Entry<Integer, byte[]> download(String path, String... headers) {
        HttpResponse<byte[]> r = call(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET(), headers,
                HttpResponse.BodyHandlers.ofByteArray());
        return java.util.Map.entry(r.statusCode(), r.body());
    }

    private Res exchange(HttpRequest.Builder b, String... headers) {
        HttpResponse<String> r = call(b, headers, HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        try {
            return new Res(r.statusCode(), ct, !r.body().isEmpty() && ct.contains("json") ? JSON.readTree(r.body()) : null, r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends with the headers given as name, value, name, value… */
    private <T> HttpResponse<T> call(HttpRequest.Builder b, String[] headers, HttpResponse.BodyHandler<T> handler) {
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a bearer token of the bootstrap admin */
    public synchronized String adminToken() {
        if (adminToken == null) {
            Res r = send("POST", "/api/auth/login", json(java.util.Map.of("email", "admin@handoff.local", "password", "handoff-demo")));
            adminToken = r.body().get("token").asText();
        }
        return adminToken;
    }

    /** An admin API call as the bootstrap admin. */
    public Res admin(String method, String path, Object body) {
        return send(method, path, body == null ? null : body instanceof String s ? s : json(body), "Authorization", "Bearer " + adminToken());
    }

    /**
     * Imports FAQ rows through the admin API ({@code POST …/faq/import}, 202) and waits for the background import to
     * end; @return the import as {@code GET …/faq/imports/{id}} shows it
     * @throws IllegalStateException when the import is refused or fails
     */
    public JsonNode importFaq(String storeId, Object rows) {
        Res started = admin("POST", "/api/stores/" + storeId + "/faq/import", rows);
        if (started.status() != 202) {
            throw new IllegalStateException("import refused: " + started.status() + " " + started.raw());
        }
        String status = "/api/stores/" + storeId + "/faq/imports/" + started.body().get("id").asText();
        JsonNode done = await(() -> admin("GET", status, null).body(), b -> !b.get("status").asText().equals("running"), Duration.ofMinutes(10));
        if (!done.get("status").asText().equals("done")) {
            throw new IllegalStateException("import failed: " + done);
        }
        return done;
    }

    /** A store a test created: its id and the widget key its storefront's widget uses. */
    public record Store(String id, String widgetKey) {
    }

    /**
     * Creates a store through the admin API ({@code POST /api/stores}).
     *
     * @return its id and widget key
     * @throws IllegalStateException when the API refuses it (anything but 201)
     */
    public Store createStore(String name) {
        Res r = admin("POST", "/api/stores", java.util.Map.of("name", name));
        if (r.status() != 201) {
            throw new IllegalStateException("store refused: " + r.status() + " " + r.raw());
        }
        return new Store(r.body().get("id").asText(), r.body().get("widgetKey").asText());
    }

    /** @return the widget key of the store with this id */
    public String widgetKey(String storeId) {
        for (JsonNode s : admin("GET", "/api/stores", null).body()) {
            if (s.get("id").asText().equals(storeId)) {
                return s.get("widgetKey").asText();
            }
        }
        throw new IllegalStateException("no store " + storeId);
    }

    /** @return the id of the store with this widget key */
    public String storeId(String widgetKey) {
        for (JsonNode s : admin("GET", "/api/stores", null).body()) {
            if (s.get("widgetKey").asText().equals(widgetKey)) {
                return s.get("id").asText();
            }
        }
        throw new IllegalStateException("no store " + widgetKey);
    }

    /** A shopper's widget session. */
    public record Visitor(String conversationId, String token) {
    }

    /**
     * Starts a widget conversation from {@code address}, as a trusted reverse proxy reports it ({@code X-Forwarded-For}:
     * the test app trusts loopback), so the server counts it under that client address.
     */
    public Visitor startConversationFrom(String widgetKey, String address) {
        return startConversationFrom(widgetKey, address, null);
    }

    /** {@link #startConversationFrom(String, String)} for a shopper who gives their email (one contact wherever they are). */
    public Visitor startConversationFrom(String widgetKey, String address, String email) {
        Res r = send("POST", "/api/widget/" + widgetKey + "/conversations", email == null ? "{}" : json(java.util.Map.of("email", email)),
                "X-Forwarded-For", address);
        if (r.status() != 201) {
            throw new IllegalStateException("start failed: " + r.status() + " " + r.raw());
        }
        return new Visitor(r.body().get("conversationId").asText(), r.body().get("visitorToken").asText());
    }

    public Visitor startConversation(String widgetKey, String name, String email) {
        java.util.Map<String, String> body = new java.util.HashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        if (email != null) {
            body.put("email", email);
        }
        Res r = send("POST", "/api/widget/" + widgetKey + "/conversations", json(body));
        if (r.status() != 201) {
            throw new IllegalStateException("start failed: " + r.status() + " " + r.raw());
        }
        return new Visitor(r.body().get("conversationId").asText(), r.body().get("visitorToken").asText());
    }

    public Res say(Visitor v, String text) {
        return send("POST", "/api/widget/conversations/" + v.conversationId() + "/messages", json(java.util.Map.of("text", text)),
                "X-Visitor-Token", v.token());
    }

    public JsonNode thread(Visitor v) {
        return send("GET", "/api/widget/conversations/" + v.conversationId() + "/messages", null, "X-Visitor-Token", v.token()).body();
    }

    /** The admin view of a conversation: {conversation, messages}. */
    public JsonNode conversation(String storeId, String conversationId) {
        return admin("GET", "/api/stores/" + storeId + "/conversations/" + conversationId, null).body();
    }

    /**
     * Waits until the assistant has finished its turn on every customer message (each customer
     * message has a sentiment: sentiment and reply commit together), then returns the admin view.
     */
    public JsonNode settled(String storeId, String conversationId) {
        return settled(storeId, conversationId, Duration.ofSeconds(20));
    }

    /** As {@link #settled(String, String)}, waiting at most {@code timeout}. */
    public JsonNode settled(String storeId, String conversationId, Duration timeout) {
        return await(() -> conversation(storeId, conversationId), c -> {
            for (JsonNode m : c.get("messages")) {
                if (m.get("author").asText().equals("customer") && m.get("sentiment").isNull()) {
                    return false;
                }
            }
            return true;
        }, timeout);
    }

    public static <T> T await(java.util.function.Supplier<T> get, Predicate<T> done) {
        return await(get, done, Duration.ofSeconds(20));
    }

    /** Polls {@code get} until {@code done}, for at most {@code timeout}. */
    public static <T> T await(java.util.function.Supplier<T> get, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = get.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting; last value: " + last);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = get.get();
        }
        return last;
    }
}
