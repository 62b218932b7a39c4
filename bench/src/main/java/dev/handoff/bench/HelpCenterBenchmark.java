package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The public help center of a store with {@code -Ditems} (default 1,000) published FAQ items in 20 categories
 * (generated questions and answers of 200 to 500 characters, embedded and indexed as the dashboard's import
 * does). Three phases, each offered open-loop at {@code -Drate} requests a second (default 20) for
 * {@code -Drequests} requests (default 600): the home page (every category with its first ten questions and a link to
 * the category's page, their ItemList JSON-LD), item pages, and {@code GET /help/{key}/search?q=} with shopper-like queries
 * (query embedding and hybrid retrieval included). Latency runs from each request's scheduled send to the
 * last byte of its answer; a request without an answer within 10 s counts as +inf. Prints p50/p99/max per phase.
 */
public final class HelpCenterBenchmark {

    private static final String[] TOPICS = {"shipping", "delivery", "returns", "refunds", "exchanges", "sizing", "payment", "gift cards",
            "discounts", "warranty", "care", "orders", "tracking", "accounts", "subscriptions", "wholesale", "stores", "privacy", "allergens", "bundles"};
    private static final String[] ACTIONS = {"change", "cancel", "track", "pay for", "return", "exchange", "find", "update", "combine", "split"};
    private static final String[] THINGS = {"my order", "a gift", "an item on sale", "a pre-order", "a bundle", "my subscription", "a parcel",
            "a refund", "my address", "an invoice"};

    private HelpCenterBenchmark() {
    }

    public static void main(String[] args) {
        Bench.main(HelpCenterBenchmark::run);
    }

    private static void run() throws Exception {
        int items = Integer.getInteger("items", 1000);
        int rate = Integer.getInteger("rate", 20);
        int requests = Integer.getInteger("requests", 600);
        Random random = new Random(42);
        try (HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(), Map.of("handoff.demo.enabled", false))) {
            Api api = new Api("http://127.0.0.1:" + app.port(), app).timeout(Duration.ofMinutes(10));
            String store = api.admin("POST", "/api/stores", Map.of("name", "Help benchmark")).body().get("id").asText();
            String key = null;
            for (JsonNode s : api.admin("GET", "/api/stores", null).body()) {
                if (s.get("id").asText().equals(store)) {
                    key = s.get("widgetKey").asText();
                }
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            List<String> questions = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                String topic = TOPICS[i % TOPICS.length];
                String q = "How do I " + ACTIONS[random.nextInt(ACTIONS.length)] + " " + THINGS[random.nextInt(THINGS.length)]
                        + " when it comes to " + topic + " (case " + (i + 1) + ")?";
                StringBuilder a = new StringBuilder("For " + topic + ", ");
                int length = 200 + random.nextInt(300);
                while (a.length() < length) {
                    a.append(ACTIONS[random.nextInt(ACTIONS.length)]).append(' ').append(THINGS[random.nextInt(THINGS.length)])
                            .append(" from your account page within ").append(1 + random.nextInt(30)).append(" days. ");
                }
                if (i % 10 == 0) {
                    a.append("\n\nMore at https://shop.example/").append(topic.replace(' ', '-'));
                }
                Map<String, Object> row = new HashMap<>();
                row.put("category", Character.toUpperCase(topic.charAt(0)) + topic.substring(1));
                row.put("question", q);
                row.put("answer", a.toString());
                rows.add(row);
                questions.add(q);
            }
            long t0 = System.nanoTime();
            api.importFaq(store, rows); // throws when the import fails
            System.out.printf("%,d items imported and indexed in %.1f s%n", items, (System.nanoTime() - t0) / 1e9);
            List<String> itemUrls = new ArrayList<>();
            for (JsonNode r : api.send("GET", "/help/" + key + "/search?limit=20&q=" + enc("how do I track my order"), null).body().get("results")) {
                itemUrls.add(URI.create(r.get("url").asText()).getPath());
            }
            for (JsonNode i : api.admin("GET", "/api/stores/" + store + "/faq/items", null).body()) {
                itemUrls.add("/help/" + key + "/items/" + i.get("id").asText() + "-" + dev.handoff.app.helpcenter.HelpCenter.slug(i.get("question").asText()));
            }
            String home = "/help/" + key;
            byte[] homePage = api.send("GET", home, null).raw().getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
                gz.write(homePage);
            }
            System.out.printf("home page: %,d bytes (%,d gzipped) for %,d items%n", homePage.length, zipped.size(), items);
            String finalKey = key;
            String[] words = {"track my parcel", "refund for a gift", "change delivery address", "cancel subscription", "gift card balance",
                    "return a sale item", "pay with invoice", "warranty claim", "size exchange", "wholesale prices", "allergen information",
                    "combine two orders", "where is my order", "do you ship abroad", "discount code not working"};

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();
            // warm up each path
            for (int i = 0; i < 50; i++) {
                http.send(get(api.base() + home), HttpResponse.BodyHandlers.ofByteArray());
                http.send(get(api.base() + itemUrls.get(i % itemUrls.size())), HttpResponse.BodyHandlers.ofByteArray());
                http.send(get(api.base() + "/help/" + finalKey + "/search?q=" + enc(words[i % words.length])), HttpResponse.BodyHandlers.ofByteArray());
            }
            phase("home page", http, rate, requests, n -> api.base() + home);
            phase("item page", http, rate, requests, n -> api.base() + itemUrls.get((n * 7919) % itemUrls.size()));
            phase("search", http, rate, requests, n -> api.base() + "/help/" + finalKey + "/search?q="
                    + enc(words[n % words.length] + (n % 3 == 0 ? " " + TOPICS[n % TOPICS.length] : "")));
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    }

    /** Offers {@code requests} GETs at {@code rate} a second on a fixed schedule; latency from the scheduled send, +inf when it failed. */
    private static void phase(String name, HttpClient http, int rate, int requests, IntFunction<String> url) throws Exception {
        long[] latencies = new long[requests];
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 100_000_000L;
        long periodNanos = 1_000_000_000L / rate;
        int[] failures = new int[1];
        for (int n = 0; n < requests; n++) {
            int at = n;
            long scheduled = start + n * periodNanos;
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            clock.schedule(() -> http.sendAsync(get(url.apply(at)), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                boolean ok = e == null && r.statusCode() == 200;
                latencies[at] = ok ? System.nanoTime() - scheduled : Bench.INF;
                if (!ok) {
                    synchronized (failures) {
                        failures[0]++;
                    }
                }
                done.complete(null);
            }), scheduled - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(requests / rate + 60, TimeUnit.SECONDS);
        clock.shutdown();
        List<Long> sorted = Arrays.stream(latencies).sorted().boxed().toList();
        System.out.printf("%-28s offered %d/s, %d requests: p50 %s, p99 %s, max %s, %d failed or timed out%n", name, rate, requests,
                Bench.percentile(sorted, 0.50), Bench.percentile(sorted, 0.99), Bench.percentile(sorted, 1.0), failures[0]);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
