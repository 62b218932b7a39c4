package dev.handoff.bench;

import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The analytics endpoint over {@code -Dconversations} (default 100,000) conversations of one store,
 * spread over 90 days, with three messages each (customer, assistant reply or silence, customer), a
 * ticket for one in eight, a rating for one in five, FAQ citations on the replies; generated with SQL
 * in the app's embedded PostgreSQL. Prints the latency of {@code GET /api/stores/{id}/analytics} over
 * the whole 90 days (p50/p99 of 200 calls after 20 warm-up calls) and over the last 30 days, once the daily
 * roll-ups are built (the first, cold call is printed too).
 */
public final class AnalyticsBenchmark {

    private AnalyticsBenchmark() {
    }

    public static void main(String[] args) {
        Bench.main(AnalyticsBenchmark::run);
    }

    private static void run() throws Exception {
        int n = Integer.getInteger("conversations", 100_000);
        try (HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(), Map.of("handoff.demo.enabled", false))) {
            Api api = new Api("http://127.0.0.1:" + app.port(), app);
            String store = api.admin("POST", "/api/stores", Map.of("name", "Analytics benchmark")).body().get("id").asText();
            api.importFaq(store, List.of(
                    Map.of("category", "Shipping", "question", "Do you ship to the UK?", "answer", "Yes."),
                    Map.of("category", "Returns", "question", "How do I return an item?", "answer", "From your account.")));
            String item = api.admin("GET", "/api/stores/" + store + "/faq/items", null).body().get(0).get("id").asText();
            @SuppressWarnings("unchecked")
            TransactionOperations<Connection> tx = app.context().getBean(TransactionOperations.class);
            JdbcOperations jdbc = app.context().getBean(JdbcOperations.class);
            long t0 = System.nanoTime();
            tx.executeWrite(s -> jdbc.execute(c -> {
                try (var st = c.createStatement()) {
                    String sid = "'" + store + "'::uuid";
                    st.execute("CREATE TEMP TABLE gen AS SELECT g AS i, gen_random_uuid() AS conv, gen_random_uuid() AS contact, gen_random_uuid() AS msg, "
                            + "now() - (g % 90) * interval '1 day' - (g % 1440) * interval '1 minute' AS at FROM generate_series(1, " + n + ") g");
                    st.execute("INSERT INTO contacts (id, store_id, name, email, created_at) SELECT contact, " + sid
                            + ", 'Customer ' || i, 'c' || i || '@example.com', at FROM gen");
                    st.execute("INSERT INTO conversations (id, store_id, channel, contact_id, status, unread_count, sentiment_trend, tags, "
                            + "assistant_state, unanswered_count, last_activity_at, created_at, resolution_count, first_message_at, "
                            + "first_response_at, resolved_at, assignee_id) SELECT conv, " + sid + ", CASE WHEN i % 4 = 0 THEN 'gmail' ELSE 'widget' END, "
                            + "contact, CASE WHEN i % 8 = 0 THEN 'escalated' WHEN i % 10 = 1 THEN 'cancelled' WHEN i % 3 = 0 THEN 'pending' "
                            + "ELSE 'resolved' END, 0, ((i % 7) - 3) / 3.0, '', 'idle', 0, at + interval '5 minutes', at, 1, at, "
                            + "at + (i % 60) * interval '1 second', at + (i % 600) * interval '1 minute', NULL FROM gen");
                    st.execute("INSERT INTO messages (id, store_id, conversation_id, author, body_text, sentiment, sentiment_score, source, "
                            + "cited_faq_ids, created_at) SELECT msg, " + sid + ", conv, 'customer', "
                            + "'question number ' || (i % 50), (ARRAY['positive','neutral','negative'])[1 + i % 3], ((i % 3) - 1) * 0.5, NULL, '', at "
                            + "FROM gen");
                    st.execute("INSERT INTO unanswered_messages (message_id, store_id, created_at) SELECT msg, " + sid + ", at FROM gen WHERE i % 5 = 0");
                    st.execute("INSERT INTO messages (id, store_id, conversation_id, author, body_text, source, cited_faq_ids, created_at) "
                            + "SELECT gen_random_uuid(), " + sid + ", conv, 'assistant', 'Yes.', 'faq', '" + item + "', at + interval '1 second' "
                            + "FROM gen WHERE i % 5 <> 0");
                    st.execute("INSERT INTO messages (id, store_id, conversation_id, author, body_text, sentiment, sentiment_score, created_at) "
                            + "SELECT gen_random_uuid(), " + sid + ", conv, 'customer', 'thanks', 'positive', 0.6, at + interval '2 minutes' FROM gen");
                    st.execute("INSERT INTO tickets (id, store_id, number, conversation_id, status, priority, category, summary, escalation_reason, "
                            + "created_at, updated_at) SELECT gen_random_uuid(), " + sid + ", 100000 + i, conv, 'open', 'medium', "
                            + "(ARRAY['general','delivery_problem','returns_refunds','billing'])[1 + i % 4], 'summary', 'human_requested', at, at "
                            + "FROM gen WHERE i % 8 = 0");
                    st.execute("INSERT INTO ratings (id, store_id, conversation_id, resolution, rating, channel, resolved_by, created_at) "
                            + "SELECT gen_random_uuid(), " + sid + ", conv, 1, CASE WHEN i % 3 = 0 THEN 'down' ELSE 'up' END, 'widget', "
                            + "'assistant', at + interval '1 hour' FROM gen WHERE i % 5 = 2");
                    st.execute("ANALYZE");
                }
                return null;
            }));
            System.out.printf("Analytics: %,d conversations, %,d messages generated in %.0f s%n", n, n * 3 - n / 5, (System.nanoTime() - t0) / 1e9);
            String all = "/api/stores/" + store + "/analytics?from=" + Instant.now().minusSeconds(91L * 86400) + "&to=" + Instant.now();
            String month = "/api/stores/" + store + "/analytics";
            // the first call counts everything from the tables and asks for the daily roll-ups, which the
            // analytics-rollups job builds; measure once they are built
            long cold = System.nanoTime();
            api.admin("GET", all, null);
            System.out.printf("  first call (no roll-ups yet, counted from the tables): %.0f ms%n", (System.nanoTime() - cold) / 1e6);
            long building = System.nanoTime();
            Api.await(() -> tx.executeRead(st -> jdbc.prepareStatement("SELECT count(*) FROM analytics_dirty", ps -> {
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            })), left -> left == 0, java.time.Duration.ofMinutes(10));
            System.out.printf("  daily roll-ups built by the job in %.1f s%n", (System.nanoTime() - building) / 1e9);
            for (String[] q : List.of(new String[] {"90 days (all)", all}, new String[] {"last 30 days", month})) {
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < 220; i++) {
                    long s = System.nanoTime();
                    Api.Res r = api.admin("GET", q[1], null);
                    if (r.status() != 200) {
                        throw new IllegalStateException(r.raw());
                    }
                    if (i >= 20) {
                        times.add(System.nanoTime() - s);
                    }
                }
                Collections.sort(times);
                System.out.printf("  GET analytics, %-14s p50 %.1f ms, p99 %.1f ms (200 calls over HTTP)%n", q[0] + ":",
                        times.get(times.size() / 2) / 1e6, times.get((int) (times.size() * 0.99)) / 1e6);
            }
        }
    }
}
