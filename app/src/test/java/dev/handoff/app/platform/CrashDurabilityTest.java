package dev.handoff.app.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an OOM kill, {@code docker kill} or a power cut does: the app runs as its own process (a classpath
 * launch of {@link dev.handoff.app.Application}); shoppers send 200 widget messages over 50 conversations
 * and, mid-stream, the JVM and its embedded PostgreSQL are killed with SIGKILL together. After a restart
 * on the same data directory every message that was answered 201 is stored exactly once (re-sending it
 * with its Idempotency-Key stores nothing new) and every one gets its assistant outcome.
 */
class CrashDurabilityTest {

    private static final int CONVERSATIONS = 50;
    private static final int MESSAGES = 200;
    private static final int KILL_AFTER = 100;

    @Test
    void acknowledgedMessagesSurviveKill9OfTheAppAndItsDatabase() throws Exception {
        Path data = TestApp.tempDir();
        int port = freePort();
        Process app = launch(data, port);
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // idempotency key -> conversation id
        Map<String, Api.Visitor> visitors = new ConcurrentHashMap<>();
        Map<String, String> texts = new ConcurrentHashMap<>();
        try {
            Api api = ready(port, app);
            List<Api.Visitor> conversations = new ArrayList<>();
            for (int i = 0; i < CONVERSATIONS; i++) {
                conversations.add(api.startConversation("demo", null, null));
            }
            ExecutorService shoppers = Executors.newFixedThreadPool(8);
            AtomicInteger acks = new AtomicInteger();
            for (int i = 0; i < MESSAGES; i++) {
                Api.Visitor v = conversations.get(i % CONVERSATIONS);
                String key = UUID.randomUUID().toString();
                String text = (i % 2 == 0 ? "Do you ship to Canada? " : "What is your return policy? ") + "(message " + i + ")";
                visitors.put(key, v);
                texts.put(key, text);
                shoppers.submit(() -> {
                    try {
                        Api.Res r = api.send("POST", "/api/widget/conversations/" + v.conversationId() + "/messages",
                                Api.json(Map.of("text", text)), "X-Visitor-Token", v.token(), "Idempotency-Key", key);
                        if (r.status() == 201) {
                            acknowledged.put(key, v.conversationId());
                            acks.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        // the server died under this request: not acknowledged
                    }
                });
            }
            Api.await(acks::get, n -> n >= KILL_AFTER, Duration.ofSeconds(60));
            killEverything(app, data);
            shoppers.shutdownNow();
            shoppers.awaitTermination(20, TimeUnit.SECONDS);
        } finally {
            app.destroyForcibly();
        }
        int acked = acknowledged.size();
        assertTrue(acked >= KILL_AFTER && acked < MESSAGES, "killed mid-stream after " + acked + " acknowledgements");

        Process restarted = launch(data, port);
        try {
            Api api = ready(port, restarted);
            String store = api.storeId("demo");
            for (var e : acknowledged.entrySet()) {
                Api.Visitor v = visitors.get(e.getKey());
                Api.Res again = api.send("POST", "/api/widget/conversations/" + v.conversationId() + "/messages",
                        Api.json(Map.of("text", texts.get(e.getKey()))), "X-Visitor-Token", v.token(), "Idempotency-Key", e.getKey());
                assertEquals(201, again.status(), again.raw());
                assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null), "stored before the crash: " + texts.get(e.getKey()));
            }
            List<String> lost = new ArrayList<>();
            for (Api.Visitor v : conversations(visitors, acknowledged)) {
                // a turn the crash interrupted runs from its job, due 30 s (handoff.assistant.safety-delay) after the message
                JsonNode detail = api.settled(store, v.conversationId(), Duration.ofSeconds(60));
                List<JsonNode> messages = new ArrayList<>();
                detail.get("messages").forEach(messages::add);
                for (var e : acknowledged.entrySet()) {
                    if (!e.getValue().equals(v.conversationId())) {
                        continue;
                    }
                    long copies = messages.stream().filter(m -> m.get("author").asText().equals("customer")
                            && m.get("text").asText().equals(texts.get(e.getKey()))).count();
                    if (copies != 1) {
                        lost.add(texts.get(e.getKey()) + " stored " + copies + " times");
                    }
                }
                long customer = messages.stream().filter(m -> m.get("author").asText().equals("customer")).count();
                long outcomes = messages.stream().filter(m -> m.get("author").asText().equals("customer") && !m.get("sentiment").isNull()).count();
                assertEquals(customer, outcomes, "every customer message had its assistant turn");
                assertTrue(messages.stream().anyMatch(m -> m.get("author").asText().equals("assistant")), "the assistant answered in " + v.conversationId());
            }
            assertTrue(lost.isEmpty(), acked + " acknowledged; wrong: " + lost);
        } finally {
            restarted.destroy();
            if (!restarted.waitFor(30, TimeUnit.SECONDS)) {
                restarted.destroyForcibly();
            }
            killPostgres(data);
        }
    }

    private static List<Api.Visitor> conversations(Map<String, Api.Visitor> visitors, Map<String, String> acknowledged) {
        Map<String, Api.Visitor> byId = new java.util.LinkedHashMap<>();
        acknowledged.keySet().forEach(k -> byId.putIfAbsent(visitors.get(k).conversationId(), visitors.get(k)));
        return new ArrayList<>(byId.values());
    }

    /** Starts the app as its own JVM on the test classpath, on embedded defaults with the demo store. */
    private static Process launch(Path data, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.handoff.app.Application")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("app.log").toFile()));
        pb.environment().put("HANDOFF_DATA_DIR", data.toString());
        pb.environment().put("HANDOFF_PORT", String.valueOf(port));
        pb.environment().put("HANDOFF_LIMITS_ENABLED", "false"); // 50 shoppers from one loopback address
        pb.environment().put("HANDOFF_JOBS_POLLING_INTERVAL", "200ms");
        return pb.start();
    }

    private static Api ready(int port, Process app) {
        Api api = new Api("http://127.0.0.1:" + port, null);
        Api.await(() -> {
            if (!app.isAlive()) {
                throw new AssertionError("the app exited with " + app.exitValue());
            }
            try {
                return api.send("GET", "/api/widget/demo/config", null).status();
            } catch (RuntimeException e) {
                return 0;
            }
        }, s -> s == 200, Duration.ofSeconds(120));
        return api;
    }

    /** SIGKILL to the app's JVM, its PostgreSQL and every PostgreSQL backend, all at once. */
    private static void killEverything(Process app, Path data) throws IOException {
        List<ProcessHandle> victims = new ArrayList<>();
        victims.add(app.toHandle());
        app.toHandle().descendants().forEach(victims::add);
        postmaster(data).ifPresent(pm -> {
            victims.add(pm);
            pm.descendants().forEach(victims::add);
        });
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : victims) {
            h.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        }
    }

    private static void killPostgres(Path data) throws IOException {
        var pm = postmaster(data);
        if (pm.isPresent()) {
            pm.get().destroy();
            pm.get().onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    private static java.util.Optional<ProcessHandle> postmaster(Path data) throws IOException {
        Path pid = data.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return java.util.Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip())).filter(ProcessHandle::isAlive);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
