package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.ElasticsearchNode;
import dev.handoff.app.support.ExternalPostgres;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load against Handoff in cluster mode: {@code -Dnodes=2} app processes ({@code app/target/handoff.jar})
 * on one external PostgreSQL (Debian's binaries) and one Elasticsearch node, on this machine. Each of
 * {@code -Dconversations=60} widget conversations has its WebSocket on one node and posts its messages to
 * the other (round robin), so every reply crosses nodes through LISTEN/NOTIFY. Messages are sent on a
 * fixed schedule ({@code -Drate=40} per second in total, each conversation's sends evenly spaced and
 * independent of replies); latency runs from the scheduled send to the assistant's reply arriving on the
 * socket, and a reply missing after {@code -Dtimeout=10} s counts as +inf. {@code -Dseconds=30} measured
 * after {@code -Dwarmup=15}. Prints throughput, percentiles and each node's resident memory.
 */
public final class ClusterLoadBenchmark {

    /** Questions the demo store's FAQ answers (as in {@code LoadBenchmark}), with varied openings. */
    private static final List<String> QUESTIONS = List.of(
            "How long does shipping take?", "Do you ship to Canada?", "What payment methods do you accept?",
            "What is your return policy?", "How do I use a discount code?", "Do you have a loyalty program?",
            "Can I change my order?", "Are returns free?");
    private static final List<String> GREETINGS = List.of("", "Hi! ", "Hello, ", "Quick question: ", "Hey there. ", "Good morning! ", "Hi team, ");

    private ClusterLoadBenchmark() {
    }

    private record Node(Process process, int port, Api api) {
    }

    public static void main(String[] args) throws Exception {
        int nodes = Integer.getInteger("nodes", 2);
        int conversations = Integer.getInteger("conversations", 60);
        int rate = Integer.getInteger("rate", 40);
        int warmup = Integer.getInteger("warmup", 15);
        int seconds = Integer.getInteger("seconds", 30);
        int timeout = Integer.getInteger("timeout", 10);
        String heap = System.getProperty("heap", "-Xmx512m");
        Path jar = Path.of(System.getProperty("handoff.jar", "app/target/handoff.jar")).toAbsolutePath();
        Path work = Files.createTempDirectory("handoff-cluster-bench");
        CompletableFuture<String> es = CompletableFuture.supplyAsync(ElasticsearchNode::url);
        List<Node> started = new ArrayList<>();
        try (ExternalPostgres pg = ExternalPostgres.start(work.resolve("postgres"))) {
            String esUrl = es.get(200, TimeUnit.SECONDS);
            String secret = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 32).getBytes());
            for (int i = 0; i < nodes; i++) {
                started.add(start(jar, heap, work.resolve("node-" + i), "node-" + i, pg.jdbcUrl(), esUrl, secret));
            }
            for (Node n : started) {
                Api.await(() -> {
                    try {
                        return n.api().send("GET", "/health/readiness", null).status();
                    } catch (RuntimeException e) {
                        return 0;
                    }
                }, s -> s == 200, java.time.Duration.ofSeconds(300));
            }
            run(started, conversations, rate, warmup, seconds, timeout, heap);
        } finally {
            for (Node n : started) {
                n.process().destroy();
                n.process().waitFor(60, TimeUnit.SECONDS);
            }
        }
        System.exit(0);
    }

    private static Node start(Path jar, String heap, Path dir, String name, String jdbc, String esUrl, String secret) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("java", heap, "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("HANDOFF_CLUSTER", "true");
        env.put("HANDOFF_NODE_NAME", name);
        env.put("HANDOFF_DATA_DIR", dir.toString());
        env.put("HANDOFF_PORT", String.valueOf(port));
        env.put("DATASOURCES_DEFAULT_URL", jdbc);
        env.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
        env.put("DATASOURCES_DEFAULT_PASSWORD", "");
        env.put("HANDOFF_SEARCH_BACKEND", "elasticsearch");
        env.put("ELASTICSEARCH_URL", esUrl);
        env.put("HANDOFF_SEARCH_ELASTICSEARCH_INDEX_PREFIX", "bench");
        env.put("HANDOFF_SECRET_KEY", secret);
        // one loopback client plays every shopper: the per-IP and per-conversation rate limits would refuse it
        env.put("HANDOFF_LIMITS_ENABLED", "false");
        return new Node(pb.start(), port, new Api("http://127.0.0.1:" + port, null));
    }

    private static void run(List<Node> nodes, int conversations, int rate, int warmup, int seconds, int timeout, String heap) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Api.Visitor> visitors = new ArrayList<>();
        List<Map<String, Long>> pending = new ArrayList<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(conversations);
        AtomicLong frames = new AtomicLong();
        for (int i = 0; i < conversations; i++) {
            Node socketNode = nodes.get(i % nodes.size());
            Api.Visitor v = socketNode.api().startConversation("demo", null, null);
            visitors.add(v);
            Map<String, Long> waiting = new ConcurrentHashMap<>();
            pending.add(waiting);
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + socketNode.port() + "/ws/widget/conversations/"
                    + v.conversationId() + "?token=" + v.token()), new WebSocket.Listener() {
                        private final StringBuilder buffer = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            buffer.append(data);
                            if (last) {
                                String text = buffer.toString();
                                buffer.setLength(0);
                                frames.incrementAndGet();
                                if (text.contains("\"type\":\"ready\"")) {
                                    ready.countDown();
                                } else if (text.contains("\"author\":\"assistant\"")) {
                                    // replies come in order: the oldest unanswered send is the one answered
                                    waiting.keySet().stream().min(String::compareTo).ifPresent(k -> {
                                        Long scheduled = waiting.remove(k);
                                        if (scheduled != null && scheduled > 0) {
                                            latencies.add(System.nanoTime() - scheduled);
                                        }
                                    });
                                }
                            }
                            ws.request(1);
                            return null;
                        }
                    }).join();
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            System.out.printf("  only %d of %d WebSockets said ready within 60 s%n", conversations - ready.getCount(), conversations);
        }
        ExecutorService senders = Executors.newFixedThreadPool(64);
        AtomicLong sent = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        long intervalNanos = (long) (1e9 / rate);
        long begin = System.nanoTime();
        long measureFrom = begin + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        long seq = 0;
        List<long[]> measured = Collections.synchronizedList(new ArrayList<>());
        for (long at = begin; at < end; at += intervalNanos, seq++) {
            long wait = at - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int c = (int) (seq % conversations);
            Node postTo = nodes.get((c + 1) % nodes.size());
            Api.Visitor v = visitors.get(c);
            String key = String.format("%012d", seq);
            boolean inWindow = at >= measureFrom;
            long scheduled = inWindow ? at : -1;
            pending.get(c).put(key, scheduled);
            if (inWindow) {
                measured.add(new long[]{c, seq});
                sent.incrementAndGet();
            }
            String text = GREETINGS.get((int) (seq / QUESTIONS.size() % GREETINGS.size())) + QUESTIONS.get((int) (seq % QUESTIONS.size()));
            senders.execute(() -> postTo.api().say(v, text));
        }
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        while (System.nanoTime() < deadline && latencies.size() < sent.get()) {
            Thread.sleep(100);
        }
        senders.shutdownNow();
        for (long[] m : measured) {
            if (pending.get((int) m[0]).containsKey(String.format("%012d", m[1]))) {
                timeouts.incrementAndGet();
            }
        }
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        for (long i = 0; i < timeouts.get(); i++) {
            sorted.add(Long.MAX_VALUE);
        }
        Collections.sort(sorted);
        System.out.printf("Cluster load: %d node(s) in cluster mode on one PostgreSQL and one Elasticsearch node, %d conversations "
                        + "(socket on one node, POST to the next), offered %d messages/s open loop, app JVMs %s, %d s measured after %d s warm-up%n",
                nodes.size(), conversations, rate, heap, seconds, warmup);
        System.out.printf("  answered: %d of %d sent in the window (%.1f messages/s); missing after %d s: %d (counted as +inf)%n",
                sorted.size() - timeouts.get(), sent.get(), (sorted.size() - timeouts.get()) / (double) seconds, timeout, timeouts.get());
        System.out.printf("  scheduled send -> reply on the other node's WebSocket: p50 %s, p99 %s%n", ms(sorted, 0.50), ms(sorted, 0.99));
        JsonNode thread = nodes.get(0).api().thread(visitors.get(0));
        long replies = 0;
        for (JsonNode m : thread.isArray() ? thread : thread.path("messages")) {
            replies += "assistant".equals(m.path("author").asText()) ? 1 : 0;
        }
        System.out.printf("  WebSocket frames received: %d; the first conversation's thread holds %d assistant replies%n", frames.get(), replies);
        for (int i = 0; i < nodes.size(); i++) {
            System.out.printf("  node-%d resident memory: %d MiB%n", i, rssKib(nodes.get(i).process().pid()) / 1024);
        }
    }

    private static String ms(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return "n/a";
        }
        long v = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        return v == Long.MAX_VALUE ? "+inf" : String.format("%.1f ms", v / 1e6);
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }
}
