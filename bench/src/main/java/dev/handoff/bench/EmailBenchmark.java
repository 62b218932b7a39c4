package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Mailserver;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Email ingestion through the {@code imap} channel: a real IMAP server (GreenMail, in this process) and
 * {@code app/target/handoff.jar} as its own process on embedded defaults, syncing with IDLE. The emails
 * go to {@code -Dmailboxes} (10) mailboxes of one store, because GreenMail answers each FETCH in time
 * proportional to the folder's size per message (it rebuilds the UID list for every sequence number),
 * which with 10,000 messages in one folder measures GreenMail rather than Handoff.
 * <ol>
 *   <li>Steady load: {@code -Demails} (10,000) emails from distinct shoppers arrive at {@code -Drate}
 *       (150/s); prints the ingest rate (emails stored per second, first arrival to last stored) and the
 *       lag from arrival in the mailbox to the stored conversation (p50/p99/max).</li>
 *   <li>Crash: {@code -Dcrash} (3,000) more emails arrive at the same rate; once a third of them are stored
 *       the app and its PostgreSQL are killed with SIGKILL (a power cut) while mail keeps arriving, the app
 *       is started again on the same data, and the benchmark checks that every email is stored exactly once
 *       (each shopper writes once and never in reply, so a duplicate would be an extra conversation).</li>
 * </ol>
 */
public final class EmailBenchmark {

    private EmailBenchmark() {
    }

    public static void main(String[] args) {
        Bench.main(EmailBenchmark::run);
    }

    private static Process start(Path jar, Path data, int port) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", System.getProperty("heap", "-Xmx512m"),
                "-Dhandoff.mail.poll-interval=30s", "-Dhandoff.demo.enabled=false", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("app.log").toFile()));
        pb.environment().put("HANDOFF_DATA_DIR", data.toString());
        pb.environment().put("HANDOFF_PORT", String.valueOf(port));
        // the mail server runs on loopback; production refuses private mail hosts unless allowed
        pb.environment().put("HANDOFF_ALLOW_PRIVATE_MAIL_HOSTS", "true");
        pb.environment().put("HANDOFF_LIMITS_ENABLED", "false");
        Process app = pb.start();
        Api api = new Api("http://127.0.0.1:" + port, null);
        Api.await(() -> {
            try {
                return api.send("GET", "/health", null).status();
            } catch (RuntimeException e) {
                return 0;
            }
        }, s -> s == 200);
        return app;
    }

    /** @return how many conversations the store has (probing offsets by doubling, then bisecting; no page of 10,000 is read) */
    private static int count(Api api, String store, int atLeast) {
        java.util.function.IntPredicate exists = n -> !api.admin("GET", "/api/stores/" + store + "/conversations?limit=1&offset=" + n, null)
                .body().isEmpty();
        int lo = Math.max(0, atLeast - 1);
        if (!exists.test(lo)) {
            return lo;
        }
        int hi = Math.max(1, lo * 2);
        while (exists.test(hi)) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1) { // exists(lo) and not exists(hi)
            int mid = (lo + hi) / 2;
            if (exists.test(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo + 1;
    }

    /** Polls at most twice a second, so that watching does not load the app. */
    private static <T> T slowly(java.util.function.Supplier<T> get) {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return get.get();
    }

    private static void run() throws Exception {
        int emails = Integer.getInteger("emails", 10_000);
        int rate = Integer.getInteger("rate", 150);
        int crash = Integer.getInteger("crash", 3_000);
        int mailboxes = Integer.getInteger("mailboxes", 10);
        Path jar = Path.of(System.getProperty("handoff.jar", "app/target/handoff.jar"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("handoff-email-bench");
        try (Mailserver mail = new Mailserver()) {
            List<String> boxes = new ArrayList<>();
            for (int b = 0; b < mailboxes; b++) {
                boxes.add("support" + b + "@bench.test");
                mail.user(boxes.get(b), "pw");
            }
            Process app = start(jar, data, port);
            Api api = new Api("http://127.0.0.1:" + port, null);
            String store;
            Map<String, Long> arrived = new HashMap<>();
            try {
                store = api.admin("POST", "/api/stores", Map.of("name", "Email benchmark")).body().get("id").asText();
                for (String box : boxes) {
                    Api.Res r = api.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw"));
                    if (r.status() != 201) {
                        throw new IllegalStateException(r.raw());
                    }
                }
                long start = System.nanoTime();
                long startMillis = System.currentTimeMillis();
                for (int i = 0; i < emails; i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String shopper = "s" + i + "@shoppers.test";
                    String box = boxes.get(i % boxes.size());
                    mail.deliver(box, mail.email(shopper, box, "Question " + i, "Hello, question number " + i + " about my order.",
                            "bench-" + i + "@shoppers.test", Map.of()));
                    arrived.put(shopper, System.currentTimeMillis());
                }
                int stored = Api.await(() -> slowly(() -> count(api, store, 0)), n -> n >= emails, java.time.Duration.ofMinutes(10));
                List<Long> lags = new ArrayList<>();
                long lastStored = 0;
                for (int offset = 0; offset < stored; offset += 200) {
                    for (JsonNode c : api.admin("GET", "/api/stores/" + store + "/conversations?limit=200&offset=" + offset, null).body()) {
                        long at = Instant.parse(c.get("createdAt").asText()).toEpochMilli();
                        Long sent = arrived.get(c.get("contact").get("email").asText());
                        if (sent != null) {
                            lags.add(at - sent);
                            lastStored = Math.max(lastStored, at);
                        }
                    }
                }
                Collections.sort(lags);
                double seconds = (lastStored - startMillis) / 1000.0;
                System.out.printf("Email ingestion (imap, IDLE): %d emails offered at %d/s from %d shoppers to %d mailboxes%n", emails, rate,
                        emails, mailboxes);
                System.out.printf("  stored: %d, ingest rate %.0f emails/s (first arrival to last stored, %.1f s)%n", lags.size(),
                        lags.size() / seconds, seconds);
                System.out.printf("  arrival -> stored conversation: p50 %d ms, p99 %d ms, max %d ms%n", lags.get(lags.size() / 2),
                        lags.get((int) Math.min(lags.size() - 1, Math.ceil(lags.size() * 0.99) - 1)), lags.get(lags.size() - 1));

                // mail keeps arriving at the same rate while the app is killed mid-sync and restarted
                Thread delivery = new Thread(() -> {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < crash; i++) {
                        long wait = t0 + (long) (i * 1e9 / rate) - System.nanoTime();
                        if (wait > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        String shopper = "c" + i + "@shoppers.test";
                        String box = boxes.get(i % boxes.size());
                        mail.deliver(box, mail.email(shopper, box, "After " + i, "Hello again, number " + i, "crash-" + i + "@shoppers.test",
                                Map.of()));
                    }
                });
                delivery.start();
                int before = Api.await(() -> slowly(() -> count(api, store, emails)), n -> n >= emails + crash / 3, java.time.Duration.ofMinutes(5));
                // a power cut: the app and its PostgreSQL die at once (PostgreSQL runs detached from the JVM)
                String pgData = data.resolve("postgres").toString();
                List<ProcessHandle> postgres = ProcessHandle.allProcesses()
                        .filter(h -> h.info().commandLine().map(c -> c.contains(pgData)).orElse(false)).toList();
                app.toHandle().destroyForcibly();
                postgres.forEach(ProcessHandle::destroyForcibly);
                app.waitFor(30, TimeUnit.SECONDS);
                System.out.printf("  crash: app and PostgreSQL killed (SIGKILL) with %d of %d stored, mail still arriving%n", before - emails, crash);
                delivery.join();
            } catch (RuntimeException e) {
                app.destroyForcibly();
                throw e;
            }
            Thread.sleep(1000);
            Process again = start(jar, data, port);
            try {
                int total = emails + crash;
                Api.await(() -> slowly(() -> count(api, store, emails)), n -> n >= total, java.time.Duration.ofMinutes(5));
                Thread.sleep(3000); // anything duplicated would show up now
                int after = count(api, store, total);
                System.out.printf("  after restart: %d conversations for %d emails: %s%n", after, total,
                        after == total ? "none lost, none duplicated" : "MISMATCH");
                if (after != total) {
                    throw new IllegalStateException("expected " + total + " conversations, found " + after);
                }
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
