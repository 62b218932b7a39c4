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
 * Answer quality on the real dev splits, through the widget API of an app on embedded defaults, with
 * FAQs built the way merchants write them. Each clinc150 intent is one FAQ item: its question the
 * intent's first {@code train} utterance, its answer a sentence naming the intent ("This is the answer
 * about order status."), and in the wider settings the next train utterances as alternate phrasings.
 * Every {@code val} and {@code oos_val} utterance is sent as a shopper message in a new conversation.
 * Settings ({@code -Dphrasings=1,5,20}, the first the headline; 100 is the old, optimistic setting):
 * phrasings per item. Then BANKING77 (one question per intent, the intent's first utterance; every tenth
 * other utterance sent, no out-of-scope messages), order-status detection and TweetEval sentiment
 * ({@code -Dintents=false} skips these two).
 *
 * <p>Per setting it prints: in-scope messages answered with the right item / a wrong item, asked
 * "Did you mean …?" with the right item among the choices / without it, and out-of-scope messages
 * answered or asked about.
 */
public final class QualityBenchmark {

    private QualityBenchmark() {
    }

    /** How one FAQ setting went. */
    record Score(int inScope, int right, int wrong, int clarifiedRight, int clarifiedWrong, int oos, int oosAnswered, int oosClarified,
                 double seconds) {
        String line(String name) {
            return String.format("%-34s right %5.1f %% | wrong %4.1f %% | asked, right item offered %4.1f %%, not offered %4.1f %% | "
                            + "out-of-scope answered %s, asked %s (%d messages, %.0f s)",
                    name, pct(right, inScope), pct(wrong, inScope), pct(clarifiedRight, inScope), pct(clarifiedWrong, inScope),
                    oos == 0 ? "  -  " : String.format("%4.1f %%", pct(oosAnswered, oos)), oos == 0 ? "  -  " : String.format("%4.1f %%", pct(oosClarified, oos)),
                    inScope + oos, seconds);
        }
    }

    static double pct(int a, int b) {
        return b == 0 ? 0 : 100.0 * a / b;
    }

    public static void main(String[] args) throws Exception {
        List<Datasets.Example> train = Datasets.clinc("train");
        List<Datasets.Example> val = Datasets.clinc("val");
        List<Datasets.Example> oos = Datasets.clinc("oos_val");
        List<Datasets.Example> tweets = Datasets.tweets();
        List<Integer> settings = java.util.Arrays.stream(System.getProperty("phrasings", "1,5,20").split(",")).map(String::strip)
                .map(Integer::parseInt).toList();

        try (HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(), Models.overrides(Backends.overrides(Map.of("handoff.demo.enabled", false))))) {
            Api api = new Api("http://127.0.0.1:" + app.port(), app).timeout(java.time.Duration.ofMinutes(10));
            System.out.printf("%s; search %s, model %s%n", java.time.LocalDate.now(), Backends.name(), Models.name());
            Map<String, List<String>> byIntent = Datasets.byIntent(train);
            List<Datasets.Example> messages = new ArrayList<>(val);
            messages.addAll(oos);
            String lastStore = null;
            String lastKey = null;
            for (int phrasings : settings) {
                FaqStore s = faq(api, "clinc150 " + phrasings, byIntent, phrasings);
                Score score = run(api, s, messages);
                System.out.println(score.line("clinc150 val, " + phrasings + (phrasings == 1 ? " question per item:" : " phrasings per item:")));
                lastStore = s.store();
                lastKey = s.widgetKey();
            }

            Map<String, List<String>> bankingIntents = Datasets.byIntent(Datasets.banking77());
            List<Datasets.Example> bankingMessages = Datasets.bankingMessages(bankingIntents);
            FaqStore b = faq(api, "banking77", bankingIntents, 1);
            System.out.println(run(api, b, bankingMessages).line("BANKING77, 1 question per item:"));

            if (!Boolean.parseBoolean(System.getProperty("intents", "true"))) {
                System.exit(0);
            }
            // order status and sentiment, on the messages of the last clinc150 setting's store
            List<Outcome> outcomes = send(api, lastStore, lastKey, messages);
            int osTp = 0, osPos = 0, osFp = 0, osNeg = 0, escalated = 0;
            for (int i = 0; i < messages.size(); i++) {
                boolean orderFlow = "order_status".equals(outcomes.get(i).source());
                if (messages.get(i).label().equals("order_status")) {
                    osPos++;
                    osTp += orderFlow ? 1 : 0;
                } else {
                    osNeg++;
                    osFp += orderFlow ? 1 : 0;
                }
                escalated += outcomes.get(i).escalated() ? 1 : 0;
            }
            System.out.printf("order-status detection (clinc150 val + oos_val): recall %.1f %%, false positives %.2f %%; escalated %.1f %%%n",
                    100.0 * osTp / osPos, 100.0 * osFp / osNeg, 100.0 * escalated / messages.size());

            List<Outcome> sentiments = send(api, lastStore, lastKey, tweets);
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
            System.out.printf("TweetEval sentiment dev (%d tweets): macro-averaged recall %.3f; per class %s%n",
                    tweets.size(), macro, recall.entrySet().stream().map(en -> en.getKey() + " "
                            + String.format("%.3f", (double) en.getValue()[0] / en.getValue()[1])).toList());
        }
        System.exit(0);
    }

    /** A benchmark store: its id, widget key and the intent each FAQ item stands for. */
    record FaqStore(String store, String widgetKey, Map<String, String> intentOfItem) {
    }

    /** Creates a store whose FAQ has one item per intent with {@code phrasings} phrasings (question + alternates). */
    static FaqStore faq(Api api, String name, Map<String, List<String>> byIntent, int phrasings) {
        String store = api.admin("POST", "/api/stores", Map.of("name", name)).body().get("id").asText();
        String widgetKey = null;
        for (JsonNode s : api.admin("GET", "/api/stores", null).body()) {
            if (s.get("id").asText().equals(store)) {
                widgetKey = s.get("widgetKey").asText();
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, String> intentOfAnswer = new HashMap<>();
        byIntent.forEach((intent, texts) -> {
            String answer = Datasets.answerAbout(intent);
            intentOfAnswer.put(answer, intent);
            rows.add(Map.of("category", name, "question", texts.get(0),
                    "alternateQuestions", texts.subList(1, Math.min(texts.size(), phrasings)), "answer", answer));
        });
        api.importFaq(store, rows);
        Map<String, String> intentOfItem = new HashMap<>();
        for (JsonNode item : api.admin("GET", "/api/stores/" + store + "/faq/items", null).body()) {
            intentOfItem.put(item.get("id").asText(), intentOfAnswer.get(item.get("answer").asText()));
        }
        return new FaqStore(store, widgetKey, intentOfItem);
    }

    static Score run(Api api, FaqStore s, List<Datasets.Example> messages) throws Exception {
        long t0 = System.nanoTime();
        List<Outcome> outcomes = send(api, s.store(), s.widgetKey(), messages);
        int inScope = 0, right = 0, wrong = 0, clarifiedRight = 0, clarifiedWrong = 0, oos = 0, oosAnswered = 0, oosClarified = 0;
        for (int i = 0; i < messages.size(); i++) {
            Datasets.Example e = messages.get(i);
            Outcome o = outcomes.get(i);
            boolean isOos = e.label().equals("oos");
            boolean clarify = "clarify".equals(o.source());
            boolean answered = o.source() != null && !clarify;
            if (isOos) {
                oos++;
                oosAnswered += answered ? 1 : 0;
                oosClarified += clarify ? 1 : 0;
                continue;
            }
            inScope++;
            if (clarify) {
                boolean offered = o.cited().stream().anyMatch(id -> e.label().equals(s.intentOfItem().get(id)));
                clarifiedRight += offered ? 1 : 0;
                clarifiedWrong += offered ? 0 : 1;
            } else if (answered) {
                boolean correct = "order_status".equals(o.source()) ? e.label().equals("order_status")
                        : !o.cited().isEmpty() && e.label().equals(s.intentOfItem().get(o.cited().get(0)));
                right += correct ? 1 : 0;
                wrong += correct ? 0 : 1;
            }
        }
        return new Score(inScope, right, wrong, clarifiedRight, clarifiedWrong, oos, oosAnswered, oosClarified, (System.nanoTime() - t0) / 1e9);
    }

    /** What happened to one message: the assistant's first reply's source and cited items, escalation, sentiment. */
    record Outcome(String source, List<String> cited, boolean escalated, String sentiment) {
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
                List<String> cited = new ArrayList<>();
                String sentiment = null;
                for (JsonNode m : c.get("messages")) {
                    if (m.get("author").asText().equals("customer")) {
                        sentiment = m.get("sentiment").asText();
                    }
                    if (m.get("author").asText().equals("assistant") && !m.get("source").isNull() && source == null) {
                        source = m.get("source").asText();
                        m.get("citedFaqIds").forEach(id -> cited.add(id.asText()));
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
