package dev.handoff.bench;

import dev.handoff.app.support.Api;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Load on loopback, offered open-loop: starts {@code app/target/handoff.jar} as its own process on
 * embedded defaults (demo store), opens {@code -Dconversations} (default 100) widget conversations, each
 * with its WebSocket, and sends shopper messages (FAQ questions and order-status requests for the
 * shopper's own order, with varied openings) on a fixed schedule: together {@code -Drate} (default 100)
 * messages a second, conversation {@code i} at {@code start + i/rate + k·conversations/rate}, whether or
 * not earlier replies have come; during the {@code -Dwarmup} (default 30 s, not measured) the offered rate rises
 * linearly from 0 to {@code -Drate} ({@code -Dramp=false}: the full rate from the start). Latency runs from the scheduled send time (so a slow POST or a backlog
 * counts) to the assistant's reply arriving on the conversation's WebSocket, replies matched to messages
 * in order per conversation. Messages scheduled in the measured window that get no reply within
 * {@code -Dtimeout} seconds (default 10) are timeouts and count as +∞ in the percentiles ({@link WidgetLoad}). Also
 * samples the app process's resident memory (VmRSS) every second.
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
        int warmupSeconds = Integer.getInteger("warmup", 30);
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
            }, s -> s == 200, java.time.Duration.ofSeconds(120)); // a start takes 10-25 s on these two cores
            run(api, app.pid(), port, conversations, warmupSeconds, measureSeconds, heap, rate, timeoutSeconds,
                    Boolean.parseBoolean(System.getProperty("ramp", "true")));
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(Api api, long pid, int port, int conversations, int warmup, int measure, String heap, int rate,
                            int timeout, boolean ramp) throws Exception {
        List<WidgetLoad.Shopper> shoppers = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            String[] owner = OWNERS[i % OWNERS.length].split(":");
            shoppers.add(new WidgetLoad.Shopper(api, api.startConversation("demo", null, owner[1] + "@example.com"), port));
            orders.add(owner[0]);
        }
        // warm-up: the offered rate rises from 0 to the full rate (the JIT compiles the hot paths meanwhile; a
        // cold JVM offered the full rate at once builds a backlog the measured window inherits)
        WidgetLoad load = WidgetLoad.start(shoppers, rate, ramp ? warmup : 0, (n, c) -> {
            int k = (int) (n / conversations);
            String q = QUESTIONS.get(k % QUESTIONS.size());
            return GREETINGS.get(k % GREETINGS.size()) + (q.equals("WHERE_IS_MY_ORDER") ? "Where is my order #" + orders.get(c) + "?" : q);
        });
        Thread.sleep(warmup * 1000L);
        load.measure();
        List<Long> rssSamples = new ArrayList<>();
        for (int s = 0; s < measure; s++) {
            rssSamples.add(Bench.rssKib(pid));
            Thread.sleep(1000);
        }
        WidgetLoad.Result r = load.stop(timeout);
        Collections.sort(rssSamples);
        long offered = r.offered();
        System.out.printf("Load (open loop): %d widget conversations, offered %d messages/s on a schedule, app JVM %s, model %s, "
                + "%d s measured after %d s warm-up%s%n", conversations, rate, heap, Models.name(), measure, warmup,
                ramp ? " (offered rate rising from 0 to " + rate + "/s)" : " at the full rate");
        System.out.printf("  answered: %d of %d scheduled in the window (%.2f %%); timeouts (> %d s, +inf) %d; POSTs refused %d%n",
                offered - r.timeouts(), offered, offered == 0 ? 0 : 100.0 * (offered - r.timeouts()) / offered, timeout, r.timeouts(), r.refused());
        System.out.printf("  scheduled send -> reply on WebSocket: p50 %s, p90 %s, p99 %s, max %s%n", Bench.percentile(r.sortedNanos(), 0.50),
                Bench.percentile(r.sortedNanos(), 0.90), Bench.percentile(r.sortedNanos(), 0.99), Bench.percentile(r.sortedNanos(), 1.0));
        System.out.printf("  app resident memory: median %d MiB, max %d MiB%n", rssSamples.get(rssSamples.size() / 2) / 1024,
                rssSamples.get(rssSamples.size() - 1) / 1024);
    }
}
