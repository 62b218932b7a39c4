package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.ElasticsearchNode;
import dev.handoff.app.support.ExternalPostgres;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        List<WidgetLoad.Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            Node socketNode = nodes.get(i % nodes.size());
            Node postTo = nodes.get((i + 1) % nodes.size());
            shoppers.add(new WidgetLoad.Shopper(postTo.api(), socketNode.api().startConversation("demo", null, null), socketNode.port()));
        }
        WidgetLoad load = WidgetLoad.start(shoppers, rate,
                (n, c) -> GREETINGS.get((int) (n / QUESTIONS.size() % GREETINGS.size())) + QUESTIONS.get((int) (n % QUESTIONS.size())));
        Thread.sleep(warmup * 1000L);
        load.measure();
        Thread.sleep(seconds * 1000L);
        WidgetLoad.Result r = load.stop(timeout);
        System.out.printf("Cluster load: %d node(s) in cluster mode on one PostgreSQL and one Elasticsearch node, %d conversations "
                        + "(socket on one node, POST to the next), offered %d messages/s open loop, app JVMs %s, %d s measured after %d s warm-up%n",
                nodes.size(), conversations, rate, heap, seconds, warmup);
        System.out.printf("  answered: %d of %d sent in the window (%.1f messages/s); missing after %d s: %d (counted as +inf); POSTs refused %d%n",
                r.offered() - r.timeouts(), r.offered(), (r.offered() - r.timeouts()) / (double) seconds, timeout, r.timeouts(), r.refused());
        System.out.printf("  scheduled send -> reply on the other node's WebSocket: p50 %s, p99 %s%n", Bench.percentile(r.sortedNanos(), 0.50),
                Bench.percentile(r.sortedNanos(), 0.99));
        JsonNode thread = nodes.get(0).api().thread(shoppers.get(0).visitor());
        long replies = 0;
        for (JsonNode m : thread.isArray() ? thread : thread.path("messages")) {
            replies += "assistant".equals(m.path("author").asText()) ? 1 : 0;
        }
        System.out.printf("  WebSocket frames received: %d; the first conversation's thread holds %d assistant replies%n", r.frames(), replies);
        for (int i = 0; i < nodes.size(); i++) {
            System.out.printf("  node-%d resident memory: %d MiB%n", i, Bench.rssKib(nodes.get(i).process().pid()) / 1024);
        }
    }
}
