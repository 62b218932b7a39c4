package dev.handoff.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server outside the app, as production has one: Debian's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, package {@code postgresql}; {@code .ci/run} installs it when
 * missing), a cluster made with {@code initdb} in a directory under {@code target/}, trust authentication
 * on loopback, a free port, started and stopped with {@code pg_ctl}. PostgreSQL refuses to run as root:
 * then the directory is given to the {@code postgres} user and the commands run as it through {@code setpriv}.
 */
public final class ExternalPostgres implements AutoCloseable {

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean root;

    private ExternalPostgres(Path bin, Path data, int port, boolean root) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.root = root;
    }

    /** @return the newest {@code /usr/lib/postgresql/<version>/bin} holding {@code initdb}, if any */
    public static Optional<Path> binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Creates and starts a cluster in {@code dir} (a fresh directory).
     *
     * @throws IllegalStateException when no binaries are installed or the server does not start
     */
    public static ExternalPostgres start(Path dir) {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(
                "No PostgreSQL binaries in /usr/lib/postgresql/*/bin: apt-get install -y postgresql"));
        try {
            Files.createDirectories(dir);
            boolean root = "root".equals(System.getProperty("user.name"));
            Path data = dir.resolve("data");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ExternalPostgres pg = new ExternalPostgres(bin, data, port, root);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
                letOthersTraverse(dir.toAbsolutePath().getParent());
            }
            pg.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--no-instructions"));
            pg.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "120",
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off", "start"));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a JDBC URL of the {@code postgres} database (user {@code postgres}, no password) */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private void pg(List<String> command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups"));
        }
        full.addAll(command);
        run(full, true);
    }

    /**
     * Adds search permission for others on {@code dir} and its ancestors where missing (a directory from
     * {@link Files#createTempDirectory} is {@code rwx------}), so the {@code postgres} user reaches its data.
     */
    private static void letOthersTraverse(Path dir) throws IOException {
        for (Path d = dir; d != null; d = d.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(d);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(d, permissions);
            }
        }
    }

    private static void run(List<String> command, boolean quiet) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }
}
