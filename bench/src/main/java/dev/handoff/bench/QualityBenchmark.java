package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Answer quality on the real dev splits, through the widget API of an app on embedded defaults.
 * FAQ: one item per clinc150 intent, its question the intent's first {@code train} utterance and
 * the next {@code -Dalternates} (default 99) as alternate phrasings, its answer naming the intent.
 * Every {@code val} and {@code oos_val} utterance is sent as a shopper message in a new conversation.
 * Prints: in-scope messages answered with the right item / a wrong item, out-of-scope messages
 * answered anyway, order-status detection recall and false-positive rate, retrieval top-1 by search
 * mode, and sentiment macro-averaged recall on TweetEval (the TweetEval metric).
 */
public final class QualityBenchmark {

    private QualityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Datasets.Example> train = Datasets.clinc("train");
        List<Datasets.Example> val = Datasets.clinc("val");
        List<Datasets.Example> oos = Datasets.clinc("oos_val");
        List<Datasets.Example> tweets = Datasets.tweets();
        int alternates = Integer.getInteger("alternates", 99);

        try (HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(), Models.overrides(Backends.overrides(Map.of("handoff.demo.enabled", false))))) {
            Api api = new Api("http://127.0.0.1:" + app.port(), app).timeout(java.time.Duration.ofMinutes(10));
            String store = api.admin("POST", "/api/stores", Map.of("name", "clinc150 benchmark")).body().get("id").asText();
            String widgetKey = api.admin("GET", "/api/stores", null).body().findValues("widgetKey").stream()
                    .map(JsonNode::asText).filter(k -> !k.equals("demo")).findFirst().orElseThrow();

            Map<String, List<String>> byIntent = new LinkedHashMap<>();
            train.forEach(e -> byIntent.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e.text()));
            List<Map<String, Object>> rows = new ArrayList<>();
            byIntent.forEach((intent, texts) -> rows.add(Map.of("category", "clinc150", "question", texts.get(0),
                    "alternateQuestions", texts.subList(1, Math.min(texts.size(), 1 + alternates)),
                    "answer", "This is the answer about " + intent.replace('_', ' ') + ".")));
            long t0 = System.nanoTime();
            api.admin("POST", "/api/stores/" + store + "/faq/import", rows);
            System.out.printf("FAQ: %d items, %d phrasings each, imported and indexed in %.1f s%n", rows.size(),
                    1 + alternates, (System.nanoTime() - t0) / 1e9);
            Map<String, String> intentOfItem = new HashMap<>();
            for (JsonNode item : api.admin("GET", "/api/stores/" + store + "/faq/items", null).body()) {
                String answer = item.get("answer").asText();
                intentOfItem.put(item.get("id").asText(), answer.substring("This is the answer about ".length(), answer.length() - 1).replace(' ', '_'));
            }

            List<Datasets.Example> messages = new ArrayList<>(val);
            messages.addAll(oos);
            t0 = System.nanoTime();
            List<Outcome> outcomes = send(api, store, widgetKey, messages);
            double seconds = (System.nanoTime() - t0) / 1e9;
            int inScope = 0, right = 0, wrong = 0, oosAnswered = 0, osTp = 0, osPos = 0, osFp = 0, osNeg = 0, escalated = 0;
            for (int i = 0; i < messages.size(); i++) {
                Datasets.Example e = messages.get(i);
                Outcome o = outcomes.get(i);
                boolean isOos = e.label().equals("oos");
                boolean orderFlow = "order_status".equals(o.source());
                if (e.label().equals("order_status")) {
                    osPos++;
                    osTp += orderFlow ? 1 : 0;
                } else {
                    osNeg++;
                    osFp += orderFlow ? 1 : 0;
                }
                escalated += o.escalated() ? 1 : 0;
                boolean answered = o.source() != null;
                if (isOos) {
                    oosAnswered += answered ? 1 : 0;
                    continue;
                }
                inScope++;
                if (!answered) {
                    continue;
                }
                boolean correct = orderFlow ? e.label().equals("order_status") : e.label().equals(intentOfItem.get(o.citedItem()));
                right += correct ? 1 : 0;
                wrong += correct ? 0 : 1;
            }
            System.out.printf("clinc150 dev via the widget API (%d messages in %.0f s; search %s, model %s):%n", messages.size(), seconds,
                    Backends.name(), Models.name());
            System.out.printf("  in-scope answered with the right item: %.1f %% (target >= 80 %%)%n", 100.0 * right / inScope);
            System.out.printf("  in-scope answered with a wrong item:   %.1f %% (target <= 5 %%)%n", 100.0 * wrong / inScope);
            System.out.printf("  out-of-scope answered anyway:          %.1f %% (target <= 10 %%)%n", 100.0 * oosAnswered / oos.size());
            System.out.printf("  order-status detection recall:         %.1f %% (target >= 95 %%), false positives %.2f %% (target <= 1 %%)%n",
                    100.0 * osTp / osPos, 100.0 * osFp / osNeg);
            System.out.printf("  escalated to a ticket:                 %.1f %%%n", 100.0 * escalated / messages.size());

            for (String mode : List.of("keyword", "vector", "hybrid")) {
                int top1 = 0;
                for (Datasets.Example e : val) {
                    JsonNode hits = api.admin("GET", "/api/stores/" + store + "/faq/search?limit=1&mode=" + mode + "&q="
                            + java.net.URLEncoder.encode(e.text(), java.nio.charset.StandardCharsets.UTF_8), null).body();
                    top1 += hits.size() > 0 && e.label().equals(intentOfItem.get(hits.get(0).get("item").get("id").asText())) ? 1 : 0;
                }
                System.out.printf("  retrieval top-1 accuracy, %-7s:      %.1f %%%n", mode, 100.0 * top1 / val.size());
            }

            List<Outcome> sentiments = send(api, store, widgetKey, tweets);
            Map<String, int[]> recall = new LinkedHashMap<>();
            for (String c : List.of("negative", "neutral", "positive")) {
                recall.put(c, new int[2]);
            }
            for (int i = 0; i < tweets.size(); i++) {
                int[] r = recall.get(tweets.get(i).label());
                r[1]++;
                r[0] += tweets.get(i).label().equals(sentiments.get(i).sentiment()) ? 1 : 0;
            }
            double macro = recall.values().stream().mapToDouble(r -> (double) r[0] / r[1]).average().orElse(0);
            System.out.printf("TweetEval sentiment dev (%d tweets): macro-averaged recall %.3f (target >= 0.60); per class %s%n",
                    tweets.size(), macro, recall.entrySet().stream().map(en -> en.getKey() + " "
                            + String.format("%.3f", (double) en.getValue()[0] / en.getValue()[1])).toList());
        }
        System.exit(0);
    }

    /** What happened to one message: the assistant's answer source and cited item, escalation, sentiment. */
    record Outcome(String source, String citedItem, boolean escalated, String sentiment) {
    }

    static List<Outcome> send(Api api, String store, String widgetKey, List<Datasets.Example> messages) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<Integer, Outcome> results = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                Api.Visitor v = api.startConversation(widgetKey, null, null);
                api.say(v, messages.get(index).text());
                JsonNode c = api.settled(store, v.conversationId());
                String source = null;
                String cited = null;
                String sentiment = null;
                for (JsonNode m : c.get("messages")) {
                    if (m.get("author").asText().equals("customer")) {
                        sentiment = m.get("sentiment").asText();
                    }
                    if (m.get("author").asText().equals("assistant") && !m.get("source").isNull() && source == null) {
                        source = m.get("source").asText();
                        cited = m.get("citedFaqIds").size() > 0 ? m.get("citedFaqIds").get(0).asText() : null;
                    }
                }
                results.put(index, new Outcome(source, cited, c.get("conversation").get("status").asText().equals("escalated"), sentiment));
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            out.add(results.get(i));
        }
        return out;
    }
}
