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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on loopback, offered open-loop: starts {@code app/target/handoff.jar} as its own process on
 * embedded defaults (demo store), opens {@code -Dconversations} (default 100) widget conversations, each
 * with its WebSocket, and sends shopper messages (FAQ questions and order-status requests for the
 * shopper's own order, with varied openings) on a fixed schedule: together {@code -Drate} (default 100)
 * messages a second, conversation {@code i} at {@code start + i/rate + k·conversations/rate}, whether or
 * not earlier replies have come. Latency runs from the scheduled send time (so a slow POST or a backlog
 * counts) to the assistant's reply arriving on the conversation's WebSocket, replies matched to messages
 * in order per conversation. Messages scheduled in the measured window that get no reply within
 * {@code -Dtimeout} seconds (default 10) are timeouts and count as +∞ in the percentiles. Also samples
 * the app process's resident memory (VmRSS) every second.
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
        int rate = Integer.getInteger("rate", 100);
        int timeoutSeconds = Integer.getInteger("timeout", 10);
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
        // one loopback client plays 100 shoppers: the per-IP and per-conversation rate limits would refuse it
        pb.environment().put("HANDOFF_LIMITS_ENABLED", "false");
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
            run(api, app.pid(), port, conversations, warmupSeconds, measureSeconds, heap, rate, timeoutSeconds);
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** One conversation: its visitor, its order, and the scheduled times of messages still awaiting a reply. */
    private record Shopper(Api.Visitor visitor, String orderNumber, java.util.Deque<long[]> pending, List<WebSocket> socket) {
    }

    private static void run(Api api, long pid, int port, int conversations, int warmup, int measure, String heap, int rate,
                            int timeout) throws Exception {
        HttpClient ws = HttpClient.newHttpClient();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            String[] owner = OWNERS[i % OWNERS.length].split(":");
            Api.Visitor v = api.startConversation("demo", null, owner[1] + "@example.com");
            Shopper s = new Shopper(v, owner[0], new java.util.ArrayDeque<>(), new ArrayList<>());
            s.socket().add(connect(ws, port, s, latencies));
            shoppers.add(s);
        }
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime() + 1_000_000_000L;
        long measureFrom = start + warmup * 1_000_000_000L;
        long measureTo = measureFrom + measure * 1_000_000_000L;
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(64);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> rssSamples = new ArrayList<>();
        long nextRss = measureFrom;
        // the schedule: message n goes to conversation n % conversations at start + n / rate
        for (long n = 0; ; n++) {
            long at = start + n * intervalNanos;
            if (at >= measureTo) {
                break;
            }
            long wait = at - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (System.nanoTime() >= nextRss && at >= measureFrom) {
                rssSamples.add(rssKib(pid));
                nextRss += 1_000_000_000L;
            }
            Shopper s = shoppers.get((int) (n % conversations));
            int k = (int) (n / conversations);
            String q = QUESTIONS.get(k % QUESTIONS.size());
            String text = GREETINGS.get(k % GREETINGS.size())
                    + (q.equals("WHERE_IS_MY_ORDER") ? "Where is my order #" + s.orderNumber() + "?" : q);
            boolean counted = at >= measureFrom;
            synchronized (s) {
                s.pending().add(new long[]{at, counted ? 1 : 0});
            }
            senders.execute(() -> {
                Api.Res r = api.say(s.visitor(), text);
                if (r.status() != 201) {
                    failed.incrementAndGet();
                }
                sent.incrementAndGet();
            });
        }
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        while (System.nanoTime() < deadline && shoppers.stream().anyMatch(s -> {
            synchronized (s) {
                return s.pending().stream().anyMatch(p -> p[1] == 1);
            }
        })) {
            Thread.sleep(50);
        }
        long timeouts = 0;
        for (Shopper s : shoppers) {
            synchronized (s) {
                timeouts += s.pending().stream().filter(p -> p[1] == 1).count();
            }
        }
        senders.shutdownNow();
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        for (long i = 0; i < timeouts; i++) {
            sorted.add(Long.MAX_VALUE); // +inf
        }
        Collections.sort(rssSamples);
        long offered = sorted.size();
        System.out.printf("Load (open loop): %d widget conversations, offered %d messages/s on a schedule, app JVM %s, model %s, "
                + "%d s measured after %d s warm-up%n", conversations, rate, heap, Models.name(), measure, warmup);
        System.out.printf("  answered: %d of %d scheduled in the window (%.2f %%); timeouts (> %d s, +inf) %d; POSTs refused %d%n",
                offered - timeouts, offered, offered == 0 ? 0 : 100.0 * (offered - timeouts) / offered, timeout, timeouts, failed.get());
        System.out.printf("  scheduled send -> reply on WebSocket: p50 %s, p90 %s, p99 %s, max %s%n",
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted.isEmpty() ? "-" : ms(sorted.get(sorted.size() - 1)));
        System.out.printf("  app resident memory: median %d MiB, max %d MiB%n", rssSamples.get(rssSamples.size() / 2) / 1024,
                rssSamples.get(rssSamples.size() - 1) / 1024);
        for (Shopper s : shoppers) {
            s.socket().get(0).sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static WebSocket connect(HttpClient http, int port, Shopper s, List<Long> latencies) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/widget/conversations/"
                + s.visitor().conversationId() + "?token=" + s.visitor().token()), new WebSocket.Listener() {
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
                                long now = System.nanoTime();
                                synchronized (s) {
                                    long[] oldest = s.pending().poll();
                                    if (oldest != null && oldest[1] == 1) {
                                        latencies.add(now - oldest[0]);
                                    }
                                }
                            }
                        }
                        webSocket.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                }).join();
        if (!ready.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The widget WebSocket did not say ready");
        }
        return socket;
    }

    private static String ms(long nanos) {
        return nanos == Long.MAX_VALUE ? "+inf" : String.format("%.1f ms", nanos / 1e6);
    }

    private static String pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? "-" : ms(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
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
