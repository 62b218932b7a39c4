package dev.handoff.bench;

import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.search.ConversationDocument;
import dev.handoff.app.search.ConversationIndex;
import dev.handoff.app.search.ConversationQuery;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.search.SearchMode;
import dev.handoff.app.support.TestApp;
import io.micronaut.context.ApplicationContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Search at scale on the chosen backend ({@code -Dbackend=lucene|elasticsearch}; the app's own
 * {@code ConversationIndex} and knowledge service, in-process): indexes {@code -Dmessages} (default 100,000) shopper messages generated from
 * the clinc150 and banking77 utterances plus order numbers, five to a conversation, each embedded;
 * prints indexing throughput and query latency p50/p99 for keyword, vector and hybrid queries (query
 * embedding included); then creates 1,000 FAQ items and times edit-to-searchable.
 */
public final class SearchBenchmark {

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("messages", 100_000);
        List<String> utterances = new ArrayList<>();
        Datasets.clinc("train").forEach(e -> utterances.add(e.text()));
        Datasets.clinc("oos_train").forEach(e -> utterances.add(e.text()));
        Datasets.banking77().forEach(e -> utterances.add(e.text()));
        List<Datasets.Example> queries = Datasets.clinc("val").subList(0, 1000);
        Random random = new Random(42);

        try (HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(), Backends.overrides(Map.of("handoff.demo.enabled", false)))) {
            ApplicationContext ctx = app.context();
            ConversationIndex index = ctx.getBean(ConversationIndex.class);
            EmbeddingService embeddings = ctx.getBean(EmbeddingService.class);
            UUID store = UUID.randomUUID();
            UUID otherStore = UUID.randomUUID();

            int conversations = messages / 5;
            ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int first = 0; first < conversations; first += 100) {
                int from = first;
                int to = Math.min(conversations, first + 100);
                futures.add(pool.submit(() -> {
                    List<ConversationDocument> batch = new ArrayList<>();
                    for (int n = from; n < to; n++) {
                        batch.add(conversation(n, utterances, embeddings, store, otherStore));
                    }
                    index.upsertAll(batch);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: %,d messages in %,d conversations indexed in %.0f s: %.0f messages/s (embedding included, bulk requests of 100)%n",
                    Backends.name(), messages, conversations, seconds, messages / seconds);
            Thread.sleep(2000); // let the index refresh

            for (SearchMode mode : SearchMode.values()) {
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < queries.size(); i++) {
                    String q = queries.get(i).text();
                    long s = System.nanoTime();
                    index.search(new ConversationQuery(store, q, null, i % 4 == 0 ? "pending" : null, null, null, null, null, null,
                            mode, false, 20, 0));
                    if (i >= 100) { // the first hundred warm up
                        times.add(System.nanoTime() - s);
                    }
                }
                Collections.sort(times);
                System.out.printf("  %-7s query: p50 %.1f ms, p99 %.1f ms (%d queries, 20 results, a quarter with a status filter)%n",
                        mode, times.get(times.size() / 2) / 1e6, times.get((int) (times.size() * 0.99)) / 1e6, times.size());
            }

            KnowledgeService knowledge = ctx.getBean(KnowledgeService.class);
            UUID faqStore = UUID.fromString(new dev.handoff.app.support.Api("http://127.0.0.1:" + app.port(), app)
                    .admin("POST", "/api/stores", Map.of("name", "FAQ benchmark")).body().get("id").asText());
            List<KnowledgeService.ImportRow> rows = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                rows.add(new KnowledgeService.ImportRow("Bench", utterances.get(i * 17 % utterances.size()) + " (" + i + ")",
                        "Answer number " + i + ".", null));
            }
            t0 = System.nanoTime();
            knowledge.importItems(faqStore, rows);
            System.out.printf("FAQ: 1,000 items imported and indexed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            List<FaqItem> items = knowledge.items(faqStore);
            List<Long> visible = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                FaqItem item = items.get(random.nextInt(items.size()));
                String question = "How do I recycle the packaging of parcel " + i + " with a zebra sticker?";
                long s = System.nanoTime();
                knowledge.update(faqStore, item.id(), new KnowledgeService.FaqItemInput(null, question, null, item.answer()));
                while (knowledge.retrieve(faqStore, question, null, 1, SearchMode.keyword).stream()
                        .noneMatch(m -> m.item().id().equals(item.id()))) {
                    Thread.sleep(5);
                }
                visible.add(System.nanoTime() - s);
            }
            Collections.sort(visible);
            System.out.printf("FAQ edit to searchable: median %.0f ms, max %.0f ms (20 edits)%n",
                    visible.get(visible.size() / 2) / 1e6, visible.get(visible.size() - 1) / 1e6);
            pool.shutdown();
        }
        System.exit(0);
    }

    /** Conversation {@code n}: five utterances, the first with an order number; the mean of their embeddings. */
    private static ConversationDocument conversation(int n, List<String> utterances, EmbeddingService embeddings, UUID store, UUID otherStore) {
        Random r = new Random(n);
        StringBuilder text = new StringBuilder();
        float[] sum = new float[EmbeddingService.DIMENSIONS];
        String order = String.valueOf(59_016_000_000L + n);
        for (int m = 0; m < 5; m++) {
            String line = utterances.get(r.nextInt(utterances.size()));
            if (m == 0) {
                line = line + " (order #" + order + ")";
            }
            text.append(line).append('\n');
            float[] v = embeddings.embed(line);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n * 60L);
        return new ConversationDocument(n % 10 == 0 ? otherStore : store, UUID.randomUUID(), "widget",
                n % 3 == 0 ? "resolved" : "pending", "neutral", "Customer " + n, "c" + n + "@example.com",
                List.of(), text.toString(), List.of(order), List.of(), n % 7 == 0, false, at, at, EmbeddingService.normalise(sum));
    }
}
