package dev.handoff.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stub of the OpenAI Chat Completions API ({@code POST /v1/chat/completions}), answering in
 * the documented response shape ({@code id}, {@code object: "chat.completion"}, {@code choices[].message},
 * {@code finish_reason}, {@code usage}) and the documented error shape
 * ({@code {"error": {"message", "type", "code"}}}) so that the real {@code langchain4j-open-ai}
 * client runs against it. Each request is recorded; a test sets how it answers. {@code POST /v1/embeddings}
 * answers with a deterministic pseudo-random vector per input text (same text, same vector) of the
 * requested {@code dimensions}, in the documented {@code {"object": "list", "data": [{"embedding"}]}} shape.
 */
public final class OpenAiStub implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> behaviour;

    /**
     * An answer of the stub.
     *
     * @param status       HTTP status
     * @param body         JSON body
     * @param headers      extra headers (e.g. {@code Retry-After})
     * @param delayMillis  how long to wait before answering
     */
    public record Reply(int status, String body, Map<String, String> headers, long delayMillis) {

        /** A completion whose message content is {@code content}, with the given token usage. */
        public static Reply completion(String content, int promptTokens, int completionTokens) {
            ObjectNode root = Api.JSON.createObjectNode();
            root.put("id", "chatcmpl-stub").put("object", "chat.completion").put("created", System.currentTimeMillis() / 1000)
                    .put("model", "gpt-4o-mini");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", content);
            root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            return new Reply(200, root.toString(), Map.of(), 0);
        }

        /** A completion whose content is {@code value} as JSON (a structured output). */
        public static Reply structured(Object value) {
            return completion(Api.json(value), 120, 30);
        }

        /** An error in the documented shape. */
        public static Reply error(int status, String type, Map<String, String> headers) {
            String body = Api.json(Map.of("error", Map.of("message", "stub " + status, "type", type, "code", type)));
            return new Reply(status, body, headers, 0);
        }

        /** The same completion reporting other token counts. */
        public Reply withUsage(int promptTokens, int completionTokens) {
            try {
                ObjectNode root = (ObjectNode) Api.JSON.readTree(body);
                root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                        .put("total_tokens", promptTokens + completionTokens);
                return new Reply(status, root.toString(), headers, delayMillis);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The same reply, answered after {@code millis}. */
        public Reply delayed(long millis) {
            return new Reply(status, body, headers, millis);
        }
    }

    /** An FAQ item as the assistant's prompts list it: group 1 its id, group 2 its answer. */
    public static final Pattern FAQ_ITEM = Pattern.compile("<faq_item id=\"([^\"]+)\">\nQ: [^\n]*\nA: ([^\n]*)");

    /**
     * A well-behaved model for tests and benchmarks: never escalates; answers from the first FAQ item it
     * is given, quoting its answer and citing it (or declines without items); writes plain
     * summaries and three suggestions. Token counts are those of {@link Reply#structured}.
     */
    public static Reply groundedModel(JsonNode request) {
        String schema = schemaName(request);
        if ("answer".equals(schema)) {
            Matcher m = FAQ_ITEM.matcher(message(request, "system"));
            if (!m.find()) {
                return Reply.structured(Map.of("action", "decline", "answer", "", "cited_item_ids", List.of()));
            }
            return Reply.structured(Map.of("action", "answer", "answer", "Good news! " + m.group(2), "cited_item_ids", List.of(m.group(1))));
        }
        if ("summary".equals(schema)) {
            return Reply.structured(Map.of("asked", "Whether we deliver abroad.", "checked", "The shipping FAQ.",
                    "resolved", "Answered from the FAQ.", "follow_up", "None."));
        }
        if ("suggestions".equals(schema)) {
            return Reply.structured(Map.of("replies", List.of("Yes, we ship to the UK.", "Shipping takes 5-10 business days.",
                    "Anything else I can help with?")));
        }
        return Reply.structured(Map.of("escalate", false, "reason", "none", "category", "general"));
    }

    /** Starts the stub on a free loopback port. */
    public OpenAiStub(Function<JsonNode, Reply> behaviour) {
        this.behaviour = behaviour;
        // answer without Nagle's delay: headers and body go out in separate writes
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = Api.JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            Reply reply = this.behaviour.apply(request);
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            try {
                exchange.sendResponseHeaders(reply.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException e) {
                // the client gave up (timeout)
            }
        });
        server.createContext("/v1/embeddings", exchange -> {
            JsonNode request = Api.JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            int dims = request.path("dimensions").asInt(1536);
            List<String> inputs = new java.util.ArrayList<>();
            if (request.get("input").isArray()) {
                request.get("input").forEach(i -> inputs.add(i.asText()));
            } else {
                inputs.add(request.get("input").asText());
            }
            ObjectNode root = Api.JSON.createObjectNode().put("object", "list").put("model", request.path("model").asText());
            var data = root.putArray("data");
            for (int i = 0; i < inputs.size(); i++) {
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
                var vector = item.putArray("embedding");
                java.util.Random r = new java.util.Random(inputs.get(i).toLowerCase(java.util.Locale.ROOT).hashCode());
                for (int d = 0; d < dims; d++) {
                    vector.add(r.nextGaussian());
                }
            }
            root.putObject("usage").put("prompt_tokens", inputs.size() * 8).put("total_tokens", inputs.size() * 8);
            byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** @return the base URL to configure as {@code OPENAI_BASE_URL} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replaces how the stub answers. */
    public void answer(Function<JsonNode, Reply> behaviour) {
        this.behaviour = behaviour;
    }

    /** @return the requests received so far, oldest first */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** @return the requests whose structured output is named {@code schemaName} */
    public List<JsonNode> requests(String schemaName) {
        return requests.stream().filter(r -> schemaName.equals(schemaName(r))).toList();
    }

    /** @return the name of the JSON schema the request asks for, or {@code null} */
    public static String schemaName(JsonNode request) {
        JsonNode name = request.path("response_format").path("json_schema").path("name");
        return name.isMissingNode() ? null : name.asText();
    }

    /** @return the content of the request's message with {@code role} */
    public static String message(JsonNode request, String role) {
        for (JsonNode m : request.get("messages")) {
            if (m.get("role").asText().equals(role)) {
                return m.get("content").isTextual() ? m.get("content").asText() : m.get("content").toString();
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
