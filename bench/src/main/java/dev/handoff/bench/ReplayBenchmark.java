package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.assistant.faq.FaqGateSettings;
import dev.handoff.app.assistant.MessageLanguage;
import dev.handoff.app.insights.QuestionClusters;
import dev.handoff.app.insights.UnansweredClusters;
import dev.handoff.app.insights.UnansweredQuestions;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Replay and cluster speed, in-process on embedded defaults. A store gets an FAQ built from clinc150
 * {@code dev.json} (one item per intent but the last, its question the intent's first {@code train}
 * utterance and the next four as alternates) and {@code -Dmessages} (default 10,000) shopper messages,
 * the intents' next {@code train} utterances, one resolved conversation each over the last 30 days, with their
 * embeddings and languages (computed by the app's model and language detector) and each recorded as unanswered;
 * generated with SQL. Then
 * ({@code -Dparts=clusters,replay} chooses):
 * <ol>
 *   <li>{@code GET …/assistant/unanswered-clusters} over the 10,000 (first call and the median of five);</li>
 *   <li>a replay of "add the missing intent's item, delete one item" ({@code POST …/assistant/replays},
 *       polled until done), twice: the first since the app started (its own code not yet compiled by the JIT)
 *       and again, each while live shoppers of the demo store are offered {@code -Drate} (default 50)
 *       messages per second open-loop ({@link WidgetLoad}: 50 new widget conversations each time; latency
 *       from the scheduled send to the assistant's reply on the WebSocket; no reply within 10 s counts as
 *       +inf); the same live load alone first, for reference: its rate rising from 0 over 20 s, then
 *       {@code -Dserving} seconds (default 180: a node that has served shoppers a while, the JIT's first burst of
 *       compilation behind it; 0: the replay in the app's first minutes, while the C2 compiler takes about half a core),
 *       then 20 s measured; last the replay alone ({@code -Dlive=false}: only the replay, alone, twice), and a preview of
 *       settings alone (an answer threshold 0.05 above the model's gate), alone. The app logs
 *       each replay's time on the CPU beside its wall time.</li>
 * </ol>
 */
public final class ReplayBenchmark {

    private static final List<String> LIVE = List.of("How long does shipping take?", "Do you ship to Canada?",
            "What payment methods do you accept?", "What is your return policy?", "How do I use a discount code?",
            "Do you have a loyalty program?", "Can I change my order?", "Are returns free?");

    private ReplayBenchmark() {
    }

    public static void main(String[] args) {
        Bench.main(ReplayBenchmark::run);
    }

    private static void run() throws Exception {
        int n = Integer.getInteger("messages", 10_000);
        int rate = Integer.getInteger("rate", 50);
        List<String> parts = List.of(System.getProperty("parts", "clusters,replay").split(","));
        boolean withLive = Boolean.parseBoolean(System.getProperty("live", "true"));
        List<Datasets.Example> train = Datasets.clinc("train");
        Map<String, List<String>> byIntent = Datasets.byIntent(train);
        List<String> intents = new ArrayList<>(byIntent.keySet());
        try (HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(),
                // one loopback client plays every live shopper: the per-IP and per-conversation rate limits would refuse it;
                // the production timings, not the tests' (whose 200 ms index delay re-indexed a conversation on every message)
                Map.of("micronaut.server.port", -1, "handoff.limits.enabled", false, "handoff.search.index-delay", "3s",
                        "handoff.jobs.polling-interval", "500ms", "handoff.analytics.rollup-grace", "10s"))) {
            Api api = new Api("http://127.0.0.1:" + app.port(), app).timeout(Duration.ofMinutes(10));
            String store = api.admin("POST", "/api/stores", Map.of("name", "Replay benchmark")).body().get("id").asText();
            List<Map<String, Object>> faq = new ArrayList<>();
            for (String intent : intents.subList(0, intents.size() - 1)) {
                List<String> u = byIntent.get(intent);
                faq.add(Map.of("category", "clinc", "question", u.get(0), "answer", "Answer about " + intent.replace('_', ' ') + ".",
                        "alternateQuestions", u.subList(1, 5)));
            }
            long t0 = System.nanoTime();
            api.importFaq(store, faq);
            System.out.printf("Replay benchmark: FAQ of %d items (5 phrasings each) imported in %.0f s%n", faq.size(), (System.nanoTime() - t0) / 1e9);
            List<String> texts = new ArrayList<>();
            for (int k = 5; texts.size() < n; k++) {
                for (String intent : intents) {
                    List<String> u = byIntent.get(intent);
                    if (k < u.size() && texts.size() < n) {
                        texts.add(u.get(k));
                    }
                }
            }
            seed(app, store, texts);

            if (parts.contains("clusters")) {
                clusters(app, api, store);
            }
            if (parts.contains("replay")) {
                replay(api, store, byIntent, intents, rate, withLive);
            }
        }
    }

    /** {@code GET …/unanswered-clusters} six times (the first, then the median of five), and where its time goes. */
    private static void clusters(HandoffBootstrap.RunningHandoff app, Api api, String store) {
        List<Long> clusterTimes = new ArrayList<>();
        JsonNode clusters = null;
        for (int i = 0; i < 6; i++) {
            long s = System.nanoTime();
            Api.Res r = api.admin("GET", "/api/stores/" + store + "/assistant/unanswered-clusters", null);
            if (r.status() != 200) {
                throw new IllegalStateException(r.raw());
            }
            clusters = r.body();
            clusterTimes.add(System.nanoTime() - s);
        }
        List<Long> warm = new ArrayList<>(clusterTimes.subList(1, clusterTimes.size()));
        Collections.sort(warm);
        System.out.printf("  GET unanswered-clusters over %,d unanswered messages: first %.0f ms, median of 5 %.0f ms "
                        + "(grouping inside %d ms); %d clusters returned, largest %d%n", clusters.get("questions").asInt(),
                clusterTimes.get(0) / 1e6, warm.get(2) / 1e6, clusters.get("millis").asLong(), clusters.get("clusters").size(),
                clusters.get("clusters").get(0).get("size").asInt());

        // where the time goes: the SQL read of the questions, then the grouping alone
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = app.context().getBean(TransactionOperations.class);
        UnansweredQuestions reader = app.context().getBean(UnansweredQuestions.class);
        Instant now = Instant.now();
        long r0 = System.nanoTime();
        List<UnansweredQuestions.Question> qs = tx.executeRead(st -> reader.of(UUID.fromString(store), now.minus(Duration.ofDays(30)), now,
                UnansweredClusters.MAX_QUESTIONS));
        long r1 = System.nanoTime();
        List<QuestionClusters.Cluster> groups = QuestionClusters.of(qs.stream().map(UnansweredQuestions.Question::text).toList(),
                qs.stream().map(UnansweredQuestions.Question::vector).toList(),
                app.context().getBean(EmbeddingService.class).similarities().sameQuestion());
        long r2 = System.nanoTime();
        System.out.printf("    of which: reading %,d questions %.0f ms, grouping them %.0f ms (%,d groups)%n", qs.size(), (r1 - r0) / 1e6,
                (r2 - r1) / 1e6, groups.size());
    }

    /**
     * The live load alone; a replay under the same live load, the first since the app started (its own code
     * not yet compiled by the JIT); the same replay under a fresh live load, as a merchant's next preview
     * meets it; then the replay alone. {@code -Dlive=false}: the replay alone, twice.
     */
    private static void replay(Api api, String store, Map<String, List<String>> byIntent, List<String> intents, int rate, boolean withLive)
            throws InterruptedException {
        String deleted = api.admin("GET", "/api/stores/" + store + "/faq/items", null).body().get(0).get("id").asText();
        List<String> missing = byIntent.get(intents.get(intents.size() - 1));
        Map<String, Object> proposal = Map.of("faq", Map.of("add", List.of(Map.of("question", missing.get(0), "answer", "Answer.",
                "alternateQuestions", missing.subList(1, 5))), "delete", List.of(deleted)));
        if (withLive) {
            // the live load alone: its rate rising from 0 over 20 s (the app's JIT warms up), -Dserving seconds more
            // (a node that has served shoppers a while before a merchant previews; 0: the first minute after a start),
            // then 20 s measured
            int serving = Integer.getInteger("serving", 180);
            WidgetLoad alone = live(api, rate, 20);
            Thread.sleep(20_000 + serving * 1000L);
            alone.measure();
            Thread.sleep(20_000);
            System.out.printf("  live load alone (20 s after a 20 s ramp and %d s served) at %d messages/s: %s%n", serving, rate,
                    alone.stop(10).summary());
            replay(api, store, proposal, rate, "first replay since the start");
            replay(api, store, proposal, rate, "the same replay again (its code compiled)");
        } else {
            replay(api, store, proposal, 0, "first replay since the start, alone");
        }
        replay(api, store, proposal, 0, "the same replay again, alone");
        // a preview of settings alone decides over one knowledge base with two gates: each message is searched once
        // stricter than the embedding model's own gate (each model has its own: FaqGateSettings)
        double stricter = Math.round((api.app().context().getBean(FaqGateSettings.class).gate().answerScore() + 0.05) * 100) / 100.0;
        replay(api, store, Map.of("settings", Map.of("faqAnswerScore", stricter)), 0,
                String.format(java.util.Locale.ROOT, "a stricter answer threshold (%.2f, settings alone), alone", stricter));
    }

    /** One replay of {@code proposal}, under a fresh live load of {@code rate} messages/s (none when 0). */
    private static void replay(Api api, String store, Map<String, Object> proposal, int rate, String label) throws InterruptedException {
        WidgetLoad during = null;
        if (rate > 0) {
            during = live(api, rate, 0);
            during.measure();
            Thread.sleep(3_000);
        }
        long start = System.nanoTime();
        String id = api.admin("POST", "/api/stores/" + store + "/assistant/replays", proposal).body().get("id").asText();
        JsonNode done = Api.await(() -> api.admin("GET", "/api/stores/" + store + "/assistant/replays/" + id, null).body(),
                r -> !"running".equals(r.get("status").asText()), Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        WidgetLoad.Result live = during == null ? null : during.stop(10);
        System.out.printf("  %s: %,d shopper messages %s in %.1f s (%.0f messages/s), summary %s%n", label, done.get("messages").asInt(),
                done.get("status").asText(), seconds, done.get("messages").asInt() / seconds, done.get("summary"));
        if (live != null) {
            System.out.printf("    live load during it at %d messages/s: %s%n", rate, live.summary());
        }
    }

    /** Inserts one conversation per text over the last 30 days, each message embedded and recorded as unanswered. */
    private static void seed(HandoffBootstrap.RunningHandoff app, String store, List<String> texts) {
        EmbeddingService embeddings = app.context().getBean(EmbeddingService.class);
        long t0 = System.nanoTime();
        List<float[]> vectors;
        try (EmbeddingCache cache = new EmbeddingCache(embeddings)) { // bench/target: a rerun embeds nothing
            vectors = IntStream.range(0, texts.size()).parallel().mapToObj(i -> cache.embed(texts.get(i))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the language the app records for each shopper message (the replay reads it rather than detecting it again)
        MessageLanguage detector = app.context().getBean(MessageLanguage.class);
        List<String> languages = texts.parallelStream().map(detector::detect).toList();
        double embedSeconds = (System.nanoTime() - t0) / 1e9;
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = app.context().getBean(TransactionOperations.class);
        JdbcOperations jdbc = app.context().getBean(JdbcOperations.class);
        UUID sid = UUID.fromString(store);
        Instant now = Instant.now();
        tx.executeWrite(s -> jdbc.execute(c -> {
            try (PreparedStatement contact = c.prepareStatement("INSERT INTO contacts (id, store_id, created_at) VALUES (?, ?, ?)");
                 // past conversations, resolved (pending ones would keep the app's auto-close busy during the measurements)
                 PreparedStatement conv = c.prepareStatement("INSERT INTO conversations (id, store_id, channel, contact_id, status, "
                         + "last_activity_at, created_at, first_message_at, resolved_at) VALUES (?, ?, 'widget', ?, 'resolved', ?, ?, ?, ?)");
                 PreparedStatement msg = c.prepareStatement("INSERT INTO messages (id, store_id, conversation_id, author, body_text, "
                         + "sentiment, sentiment_score, embedding, language, created_at) VALUES (?, ?, ?, 'customer', ?, 'neutral', 0, ?, ?, ?)");
                 PreparedStatement silent = c.prepareStatement("INSERT INTO unanswered_messages (message_id, store_id, created_at) VALUES (?, ?, ?)")) {
                for (int i = 0; i < texts.size(); i++) {
                    UUID contactId = UUID.randomUUID();
                    UUID convId = UUID.randomUUID();
                    UUID msgId = UUID.randomUUID();
                    Timestamp at = Timestamp.from(now.minusSeconds(60L + (long) i * (29L * 86400 / texts.size())));
                    contact.setObject(1, contactId);
                    contact.setObject(2, sid);
                    contact.setTimestamp(3, at);
                    contact.addBatch();
                    conv.setObject(1, convId);
                    conv.setObject(2, sid);
                    conv.setObject(3, contactId);
                    conv.setTimestamp(4, at);
                    conv.setTimestamp(5, at);
                    conv.setTimestamp(6, at);
                    conv.setTimestamp(7, at);
                    conv.addBatch();
                    ByteBuffer b = ByteBuffer.allocate(vectors.get(i).length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(vectors.get(i));
                    msg.setObject(1, msgId);
                    msg.setObject(2, sid);
                    msg.setObject(3, convId);
                    msg.setString(4, texts.get(i));
                    msg.setBytes(5, b.array());
                    msg.setString(6, languages.get(i));
                    msg.setTimestamp(7, at);
                    msg.addBatch();
                    silent.setObject(1, msgId);
                    silent.setObject(2, sid);
                    silent.setTimestamp(3, at);
                    silent.addBatch();
                }
                contact.executeBatch();
                conv.executeBatch();
                msg.executeBatch();
                silent.executeBatch();
            }
            try (var st = c.createStatement()) {
                st.execute("ANALYZE");
            }
            return null;
        }));
        System.out.printf("  %,d shopper messages seeded (embedded and their language detected in %.0f s, stored in %.0f s)%n", texts.size(), embedSeconds,
                (System.nanoTime() - t0) / 1e9 - embedSeconds);
    }

    /** Live shoppers on the demo store: 50 widget conversations offered {@code rate} messages a second in all (after a ramp of {@code rampSeconds}). */
    private static WidgetLoad live(Api api, int rate, int rampSeconds) throws InterruptedException {
        int port = Integer.parseInt(api.base().substring(api.base().lastIndexOf(':') + 1));
        List<WidgetLoad.Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            shoppers.add(new WidgetLoad.Shopper(api, api.startConversation("demo", null, null), port));
        }
        return WidgetLoad.start(shoppers, rate, rampSeconds, (n, c) -> LIVE.get((int) (n / shoppers.size() % LIVE.size())));
    }
}
