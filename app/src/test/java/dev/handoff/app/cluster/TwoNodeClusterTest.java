package dev.handoff.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.ElasticsearchNode;
import dev.handoff.app.support.ExternalPostgres;
import dev.handoff.app.support.Mailserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Handoff processes in cluster mode on one external PostgreSQL (Debian's binaries) and one
 * Elasticsearch node, as {@code deploy/compose.yaml} runs them: events, caches, mailbox leases and
 * assistant turns across the nodes, and a node killed with SIGKILL.
 *
 * <p>Skipped with a message where Debian's PostgreSQL server binaries are missing ({@code .ci/run} installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterTest {

    private static final Path WORK = Path.of("target", "two-node-" + System.currentTimeMillis()).toAbsolutePath();
    private static final String PASSWORD = "mail-secret";
    private static ExternalPostgres postgres;
    private static Mailserver mail;
    private static Node a;
    private static Node b;
    private static String store;

    /** One app process. */
    private record Node(String name, Process process, Api api) {
        String ws() {
            return api.base().replace("http://", "ws://");
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Assumptions.assumeTrue(ExternalPostgres.binaries().isPresent(),
                "No PostgreSQL in /usr/lib/postgresql/*/bin (apt-get install -y postgresql): two-node test skipped");
        CompletableFuture<String> es = CompletableFuture.supplyAsync(ElasticsearchNode::url);
        postgres = ExternalPostgres.start(WORK.resolve("postgres"));
        mail = new Mailserver();
        String secret = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 32).getBytes());
        String esUrl = es.get(200, TimeUnit.SECONDS);
        CompletableFuture<Node> startA = CompletableFuture.supplyAsync(() -> start("node-a", esUrl, secret));
        CompletableFuture<Node> startB = CompletableFuture.supplyAsync(() -> start("node-b", esUrl, secret));
        a = startA.get(300, TimeUnit.SECONDS);
        b = startB.get(300, TimeUnit.SECONDS);
        awaitReady(a);
        awaitReady(b);
        store = a.api().storeId("demo");
    }

    private static Node start(String name, String esUrl, String secret) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = WORK.resolve(name);
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
            Map<String, String> props = new HashMap<>();
            props.put("handoff.cluster.enabled", "true");
            props.put("handoff.cluster.node-name", name);
            props.put("datasources.default.url", postgres.jdbcUrl());
            props.put("datasources.default.username", "postgres");
            props.put("datasources.default.password", "");
            props.put("handoff.search.backend", "elasticsearch");
            props.put("handoff.search.elasticsearch.url", esUrl);
            props.put("handoff.search.elasticsearch.index-prefix", "twonode");
            props.put("handoff.secret-key", secret);
            props.put("handoff.data-dir", dir.toString());
            props.put("micronaut.server.port", String.valueOf(port));
            props.put("handoff.jobs.polling-interval", "200ms");
            props.put("handoff.assistant.safety-delay", "5s");
            props.put("handoff.jobs.heartbeat", "2s");
            props.put("handoff.mail.poll-interval", "300ms");
            props.put("handoff.mail.batch-size", "2");
            props.put("handoff.mail.lease-ttl", "10s");
            props.put("handoff.mail.lease-renew", "2s");
            props.put("handoff.mail.timeout", "5s");
            props.put("handoff.outbound.allow-private-mail-hosts", "true"); // GreenMail listens on loopback
            props.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("dev.handoff.app.Application");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            return new Node(name, p, new Api("http://127.0.0.1:" + port, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(Node node) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(node.process().isAlive(), node.name() + " exited: see " + WORK.resolve(node.name()).resolve("console.log"));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.api().base() + "/health/readiness"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(250);
        }
        throw new AssertionError(node.name() + " not ready in 300 s");
    }

    @AfterAll
    static void stopCluster() {
        for (Node n : new Node[]{a, b}) {
            if (n != null && n.process().isAlive()) {
                n.process().destroy();
                try {
                    if (!n.process().waitFor(60, TimeUnit.SECONDS)) {
                        n.process().destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (mail != null) {
            mail.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void aShoppersMessagePostedToBIsAnsweredOnTheirWebSocketOnA() throws Exception {
        Api.Visitor visitor = b.api().startConversation("demo", null, null);
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        WebSocket ws = open(a.ws() + "/ws/widget/conversations/" + visitor.conversationId() + "?token=" + visitor.token(), events);
        try {
            next(events, e -> e.get("type").asText().equals("ready"));
            assertEquals(201, b.api().say(visitor, "I want to talk to a real person please").status());
            JsonNode mine = next(events, e -> e.get("type").asText().equals("message") && e.get("message").get("author").asText().equals("customer"));
            assertEquals("I want to talk to a real person please", mine.get("message").get("text").asText());
            JsonNode reply = next(events, e -> e.get("type").asText().equals("message") && e.get("message").get("author").asText().equals("assistant"));
            assertTrue(!reply.get("message").get("text").asText().isBlank(), reply.toString());
            pause(500);
            long customerMessages = events.stream().filter(e -> e.get("type").asText().equals("message")
                    && e.get("message").get("author").asText().equals("customer")).count();
            assertEquals(0, customerMessages, "each message arrives once: " + events);
        } finally {
            ws.abort();
        }
    }

    @Test
    @Order(2)
    void anAgentOnBSeesTheNewMessageAndTypingOfAShopperOnA() throws Exception {
        BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        WebSocket agent = open(b.ws() + "/ws/agent/stores/" + store + "?token=" + b.api().adminToken(), inbox);
        Api.Visitor visitor = a.api().startConversation("demo", null, null);
        BlockingQueue<JsonNode> widget = new LinkedBlockingQueue<>();
        WebSocket shopper = open(a.ws() + "/ws/widget/conversations/" + visitor.conversationId() + "?token=" + visitor.token(), widget);
        try {
            next(inbox, e -> e.get("type").asText().equals("ready"));
            next(widget, e -> e.get("type").asText().equals("ready"));
            shopper.sendText("{\"type\":\"typing\"}", true).get(5, TimeUnit.SECONDS);
            JsonNode typing = next(inbox, e -> e.get("type").asText().equals("typing"));
            assertEquals(visitor.conversationId(), typing.get("conversationId").asText());
            assertEquals("customer", typing.get("by").asText());
            a.api().say(visitor, "Do you ship to Canada?");
            JsonNode message = next(inbox, e -> e.get("type").asText().equals("message")
                    && e.get("message").get("conversationId").asText().equals(visitor.conversationId()));
            assertEquals("Do you ship to Canada?", message.get("message").get("text").asText());
            next(inbox, e -> e.get("type").asText().equals("conversation")
                    && e.get("conversation").get("id").asText().equals(visitor.conversationId()));
            // and back: the agent types on B, the shopper on A sees it
            agent.sendText("{\"type\":\"typing\",\"conversationId\":\"" + visitor.conversationId() + "\"}", true).get(5, TimeUnit.SECONDS);
            JsonNode agentTyping = next(widget, e -> e.get("type").asText().equals("typing"));
            assertEquals("agent", agentTyping.get("by").asText());
        } finally {
            agent.abort();
            shopper.abort();
        }
    }

    @Test
    @Order(3)
    void aSettingsChangeOnAIsAppliedOnBWithinASecond() {
        String before = b.api().admin("GET", "/api/stores/" + store + "/settings", null).body().get("offlineMessage").asText();
        String after = "Back at nine, promise " + UUID.randomUUID().toString().substring(0, 6);
        assertNotEquals(before, after);
        // B has read (and cached) the settings; A changes them
        assertEquals(200, a.api().admin("PATCH", "/api/stores/" + store + "/settings", Map.of("offlineMessage", after)).status());
        long changed = System.nanoTime();
        String seen = before;
        while (!seen.equals(after) && System.nanoTime() - changed < Duration.ofSeconds(5).toNanos()) {
            seen = b.api().admin("GET", "/api/stores/" + store + "/settings", null).body().get("offlineMessage").asText();
        }
        long millis = (System.nanoTime() - changed) / 1_000_000;
        assertEquals(after, seen);
        assertTrue(millis < 1000, "B applied A's change after " + millis + " ms");
    }

    @Test
    @Order(4)
    void anFaqEditOnAIsWhatBShowsWithinASecond() {
        String path = "/api/stores/" + store + "/faq/items";
        var created = a.api().admin("POST", path, Map.of("question", "Do you gift wrap orders?",
                "answer", "Yes, gift wrapping is free at checkout."));
        assertEquals(201, created.status(), created.body().toString());
        String item = path + "/" + created.body().get("id").asText();
        // B reads the item (and caches it); A edits it
        assertEquals("Yes, gift wrapping is free at checkout.", b.api().admin("GET", item, null).body().get("answer").asText());
        String after = "Gift wrapping costs 3 euros, chosen at checkout " + UUID.randomUUID().toString().substring(0, 6);
        assertEquals(200, a.api().admin("PUT", item, Map.of("question", "Do you gift wrap orders?", "answer", after)).status());
        long changed = System.nanoTime();
        String seen = "";
        while (!seen.equals(after) && System.nanoTime() - changed < Duration.ofSeconds(5).toNanos()) {
            seen = b.api().admin("GET", item, null).body().get("answer").asText();
        }
        long millis = (System.nanoTime() - changed) / 1_000_000;
        assertEquals(after, seen);
        assertTrue(millis < 1000, "B showed A's edit after " + millis + " ms");
        // and deleted on A, it is gone on B within a second
        assertEquals(204, a.api().admin("DELETE", item, null).status());
        long deleted = System.nanoTime();
        int status = 200;
        while (status != 404 && System.nanoTime() - deleted < Duration.ofSeconds(5).toNanos()) {
            status = b.api().admin("GET", item, null).status();
        }
        assertEquals(404, status);
        assertTrue(System.nanoTime() - deleted < Duration.ofSeconds(1).toNanos(), "B still showed the deleted item after a second");
    }

    @Test
    @Order(5)
    void aNodeWhoseListeningConnectionDropsCatchesUpWithoutLosingOrRepeatingAMessage() throws Exception {
        Api.Visitor visitor = a.api().startConversation("demo", null, null);
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        WebSocket ws = open(b.ws() + "/ws/widget/conversations/" + visitor.conversationId() + "?token=" + visitor.token(), events);
        try {
            next(events, e -> e.get("type").asText().equals("ready"));
            int terminated;
            try (Connection db = db(); Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE 'handoff-cluster-bus node-b%'")) {
                r.next();
                terminated = r.getInt(1);
            }
            assertEquals(1, terminated, "node B's listening connection");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = "note " + i + " while B was away";
                assertEquals(201, a.api().say(visitor, text).status());
                sent.add(text);
            }
            List<String> received = new ArrayList<>();
            while (received.size() < sent.size()) {
                JsonNode m = next(events, e -> e.get("type").asText().equals("message") && e.get("message").get("author").asText().equals("customer"));
                received.add(m.get("message").get("text").asText());
            }
            assertEquals(sent, received, "every message once, in order");
            pause(500);
            assertTrue(events.stream().noneMatch(e -> e.get("type").asText().equals("message")
                    && e.get("message").get("author").asText().equals("customer")), "nothing repeated: " + events);
            String log = Files.readString(WORK.resolve("node-b").resolve("console.log"));
            assertTrue(log.contains("Listening to the other nodes again"), "node B reconnected");
        } finally {
            ws.abort();
        }
    }

    @Test
    @Order(6)
    void killingTheLeaseHolderMovesTheMailboxAndEveryTurnRunsOnce() throws Exception {
        String support = "support-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(support, PASSWORD);
        Api.Res connected = a.api().admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(support, PASSWORD));
        assertEquals(201, connected.status(), connected.raw());
        String account = connected.body().get("id").asText();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            deliver(support, run, i);
        }
        awaitSubjects(run, 3, Duration.ofSeconds(60));
        String holder = awaitHolder(account, h -> h != null, Duration.ofSeconds(20));
        Node victim = holder.startsWith("node-a") ? a : b;
        Node survivor = victim == a ? b : a;

        // widget conversations on both nodes, the last ones with turns in flight on the node about to die
        for (int i = 3; i < 5; i++) {
            deliver(support, run, i);
        }
        List<String> conversations = new ArrayList<>();
        List<Api.Visitor> visitors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Node via = i < 3 ? survivor : victim;
            visitors.add(via.api().startConversation("demo", null, null));
        }
        for (int i = 0; i < 6; i++) {
            Node via = i < 3 ? survivor : victim;
            assertEquals(201, via.api().say(visitors.get(i), "I need to speak to a human right now").status());
            conversations.add(visitors.get(i).conversationId());
        }
        victim.process().destroyForcibly();
        assertTrue(victim.process().waitFor(10, TimeUnit.SECONDS));
        long killed = System.nanoTime();
        for (int i = 5; i < 8; i++) {
            deliver(support, run, i);
        }

        String next = awaitHolder(account, h -> h != null && !h.equals(holder), Duration.ofSeconds(60));
        long takeover = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(next.startsWith(survivor.name()), next);
        assertTrue(takeover < 60_000, "taken over after " + takeover + " ms");
        awaitSubjects(run, 8, Duration.ofSeconds(60));
        try (Connection db = db(); PreparedStatement s = db.prepareStatement(
                "SELECT e.subject, count(*) FROM email_messages e WHERE e.subject LIKE ? AND e.direction = 'inbound' GROUP BY e.subject")) {
            s.setString(1, "Order question " + run + " %");
            Map<String, Integer> counts = new HashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString(1), r.getInt(2));
                }
            }
            assertEquals(8, counts.size(), "no email lost: " + counts);
            assertTrue(counts.values().stream().allMatch(n -> n == 1), "no email stored twice: " + counts);
        }

        // every customer message got exactly one turn: one reply and one ticket per conversation, even those on the dead node
        for (String id : conversations) {
            JsonNode c = Api.await(() -> survivor.api().conversation(store, id),
                    x -> count(x, "assistant") >= 1 && x.get("conversation").get("status").asText().equals("escalated"), Duration.ofSeconds(60));
            assertEquals(1, count(c, "customer"), id);
        }
        pause(1000);
        for (String id : conversations) {
            assertEquals(1, count(survivor.api().conversation(store, id), "assistant"), "one assistant turn in " + id);
            try (Connection db = db(); PreparedStatement s = db.prepareStatement("SELECT count(*) FROM tickets WHERE conversation_id = ?::uuid")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    assertEquals(1, r.getInt(1), "one ticket for " + id);
                }
            }
        }
    }

    private static int count(JsonNode conversation, String author) {
        int n = 0;
        for (JsonNode m : conversation.get("messages")) {
            if (m.get("author").asText().equals(author)) {
                n++;
            }
        }
        return n;
    }

    private static void deliver(String to, String run, int i) {
        mail.deliver(to, mail.email("shopper" + i + "@example.com", to, "Order question " + run + " " + i,
                "Hello, a question about my order (" + i + ").", run + "." + i + "@example.com", Map.of()));
    }

    private static void awaitSubjects(String run, int n, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            try (Connection db = db(); PreparedStatement s = db.prepareStatement(
                    "SELECT count(DISTINCT subject) FROM email_messages WHERE subject LIKE ?")) {
                s.setString(1, "Order question " + run + " %");
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    seen = r.getInt(1);
                }
            }
            if (seen >= n) {
                return;
            }
            pause(200);
        }
        throw new AssertionError(seen + " of " + n + " emails stored in " + timeout);
    }

    private static String awaitHolder(String account, Predicate<String> wanted, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String holder = null;
        while (System.nanoTime() < deadline) {
            try (Connection db = db(); Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT holder FROM mailbox_leases WHERE account_id = '" + UUID.fromString(account) + "' AND expires_at > now()")) {
                holder = r.next() ? r.getString(1) : null;
            }
            if (wanted.test(holder)) {
                return holder;
            }
            pause(200);
        }
        throw new AssertionError("lease holder still " + holder + " after " + timeout);
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
    }

    private static WebSocket open(String url, BlockingQueue<JsonNode> events) throws Exception {
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder frame = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    try {
                        events.add(Api.JSON.readTree(frame.toString()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    frame.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), listener).get(10, TimeUnit.SECONDS);
    }

    private static JsonNode next(BlockingQueue<JsonNode> events, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && wanted.test(e)) {
                return e;
            }
        }
        throw new AssertionError("no such event; left: " + events);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
