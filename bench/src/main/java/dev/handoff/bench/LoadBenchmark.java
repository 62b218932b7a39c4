package dev.handoff.bench;

import dev.handoff.app.support.Api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on loopback: starts {@code app/target/handoff.jar} as its own process on embedded defaults
 * (demo store), opens {@code -Dconversations} (default 100) widget conversations, each with its
 * WebSocket, and has each send shopper messages (FAQ questions and order-status requests for the
 * shopper's own order, with varied openings). With
 * {@code -Drate=N} (default 150) the conversations together offer N messages per second (each
 * waits 100/N s between its messages, plus its reply); with {@code -Drate=0} each sends its next
 * message as soon as the reply arrives (closed loop: the saturation throughput). Measures, after a
 * warm-up, the sustained messages per second, the latency from the customer POST to the assistant's
 * reply arriving on the WebSocket (p50/p99), and samples the app process's resident memory (VmRSS).
 */
public final class LoadBenchmark {

    private static final List<String> QUESTIONS = List.of(
            "How long does shipping take?", "Do you ship to Canada?", "What payment methods do you accept?",
            "What is your return policy?", "How do I use a discount code?", "Do you have a loyalty program?",
            "Can I change my order?", "Are returns free?", "WHERE_IS_MY_ORDER");
    private static final List<String> GREETINGS = List.of("", "Hi! ", "Hello, ", "Quick question: ", "Hey there. ", "Good morning! ", "Hi team, ");
    private static final String[] OWNERS = {"1031:ana.lopez", "1034:david.okafor", "1035:emma.schmidt", "1036:farid.haddad",
            "1037:grace.kim", "1038:hugo.martin", "1039:isla.brown", "1042:liam.walsh", "1049:sam.taylor", "1050:tara.singh"};

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int conversations = Integer.getInteger("conversations", 100);
        int warmupSeconds = Integer.getInteger("warmup", 15);
        int measureSeconds = Integer.getInteger("seconds", 30);
        int rate = Integer.getInteger("rate", 150);
        String heap = System.getProperty("heap", "-Xmx512m");
        Path jar = Path.of(System.getProperty("handoff.jar", "app/target/handoff.jar"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("handoff-load");
        List<String> command = new ArrayList<>(List.of("java", heap));
        String appOpts = System.getProperty("appOpts", "") + " " + Models.jvmOptions();
        if (!appOpts.isBlank()) {
            command.addAll(List.of(appOpts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(data.resolve("app.log").toFile());
        pb.environment().put("HANDOFF_DATA_DIR", data.toString());
        pb.environment().put("HANDOFF_PORT", String.valueOf(port));
        Process app = pb.start();
        try {
            Api api = new Api("http://127.0.0.1:" + port, null);
            Api.await(() -> {
                try {
                    return api.send("GET", "/api/widget/demo/config", null).status();
                } catch (RuntimeException e) {
                    return 0;
                }
            }, s -> s == 200);
            run(api, app.pid(), port, conversations, warmupSeconds, measureSeconds, heap, rate);
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(Api api, long pid, int port, int conversations, int warmup, int measure, String heap, int rate) throws Exception {
        long pauseNanos = rate <= 0 ? 0 : (long) (conversations * 1e9 / rate);
        HttpClient ws = HttpClient.newHttpClient();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong timeouts = new AtomicLong();
        List<Thread> loops = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(conversations);
        for (int i = 0; i < conversations; i++) {
            String[] owner = OWNERS[i % OWNERS.length].split(":");
            Api.Visitor v = api.startConversation("demo", null, owner[1] + "@example.com");
            Thread t = new Thread(() -> loop(api, ws, port, v, owner[0], pauseNanos, connected, latencies, measuring, stop, timeouts));
            t.start();
            loops.add(t);
        }
        connected.await(30, TimeUnit.SECONDS);
        Thread.sleep(warmup * 1000L);
        latencies.clear();
        measuring.set(true);
        long start = System.nanoTime();
        long maxRss = 0;
        List<Long> rssSamples = new ArrayList<>();
        while (System.nanoTime() - start < measure * 1_000_000_000L) {
            Thread.sleep(1000);
            long rss = rssKib(pid);
            rssSamples.add(rss);
            maxRss = Math.max(maxRss, rss);
        }
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        Collections.sort(rssSamples);
        System.out.printf("Load: %d concurrent widget conversations, %s, app JVM %s, model %s, %d s measured after %d s warm-up%n",
                conversations, rate <= 0 ? "closed loop" : "offered " + rate + " messages/s", heap, Models.name(), measure, warmup);
        System.out.printf("  sustained: %.0f messages/s (customer message answered by the assistant)%n", sorted.size() / seconds);
        System.out.printf("  POST -> reply on WebSocket: p50 %.1f ms, p99 %.1f ms, max %.1f ms; timeouts %d%n",
                pct(sorted, 0.50), pct(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6, timeouts.get());
        System.out.printf("  app resident memory: median %d MiB, max %d MiB%n", rssSamples.get(rssSamples.size() / 2) / 1024, maxRss / 1024);
        for (Thread t : loops) {
            t.join(15_000);
        }
    }


    private static void loop(Api api, HttpClient http, int port, Api.Visitor v, String orderNumber, long pauseNanos, CountDownLatch connected,
                             List<Long> latencies, AtomicBoolean measuring, AtomicBoolean stop, AtomicLong timeouts) {
        java.util.concurrent.BlockingQueue<Long> replies = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch ready = new CountDownLatch(1);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/widget/conversations/"
                + v.conversationId() + "?token=" + v.token()), new WebSocket.Listener() {
                    private final StringBuilder buffer = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        buffer.append(data);
                        if (last) {
                            String text = buffer.toString();
                            buffer.setLength(0);
                            if (text.contains("\"type\":\"ready\"")) {
                                ready.countDown();
                            } else if (text.contains("\"author\":\"assistant\"")) {
                                replies.add(System.nanoTime());
                            }
                        }
                        webSocket.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                }).join();
        try {
            ready.await(10, TimeUnit.SECONDS);
            connected.countDown();
            int i = 0;
            java.util.Random random = new java.util.Random(v.conversationId().hashCode());
            long next = System.nanoTime() + (long) (random.nextDouble() * pauseNanos);
            while (!stop.get()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next = Math.max(System.nanoTime(), next) + pauseNanos;
                String q = QUESTIONS.get(i++ % QUESTIONS.size());
                String text = GREETINGS.get(i % GREETINGS.size())
                        + (q.equals("WHERE_IS_MY_ORDER") ? "Where is my order #" + orderNumber + "?" : q);
                long t0 = System.nanoTime();
                boolean counted = measuring.get();
                Api.Res r = api.say(v, text);
                if (r.status() != 201) {
                    throw new IllegalStateException("POST failed: " + r.status() + " " + r.raw());
                }
                Long at = replies.poll(10, TimeUnit.SECONDS);
                if (at == null) {
                    timeouts.incrementAndGet();
                    continue;
                }
                if (counted && measuring.get()) {
                    latencies.add(at - t0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
