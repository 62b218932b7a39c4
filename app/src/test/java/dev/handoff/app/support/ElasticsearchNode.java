package dev.handoff.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One real Elasticsearch node per JVM, started from the Maven distribution
 * ({@code org.elasticsearch.distribution.integ-test-zip:elasticsearch}) that the build unpacks and
 * names in the {@code handoff.elasticsearch.home} system property. Single-node discovery, security
 * off, 512 MB heap, loopback only, free ports, data and logs in a temporary directory; as
 * {@code nobody} through {@code setpriv} when running as root (Elasticsearch refuses root). Stopped
 * when the JVM exits.
 */
public final class ElasticsearchNode {

    private static String url;

    private ElasticsearchNode() {
    }

    /** @return the node's base URL, starting it on first use */
    public static synchronized String url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    private static String start() {
        String home = System.getProperty("handoff.elasticsearch.home");
        if (home == null || !Files.isDirectory(Path.of(home, "bin"))) {
            throw new IllegalStateException("No Elasticsearch distribution at handoff.elasticsearch.home=" + home
                    + " (the app module's build unpacks it in generate-test-resources)");
        }
        try {
            Path work = Files.createTempDirectory("handoff-es");
            copy(Path.of(home, "config"), work.resolve("config"));
            int httpPort = freePort();
            int transportPort = freePort();
            List<String> command = new ArrayList<>();
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run("chown", "-R", "nobody:nogroup", work.toString());
                command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
            }
            command.addAll(List.of(Path.of(home, "bin", "elasticsearch").toString(),
                    "-Ediscovery.type=single-node", "-Expack.security.enabled=false", "-Enetwork.host=127.0.0.1",
                    "-Ehttp.port=" + httpPort, "-Etransport.port=" + transportPort,
                    "-Epath.data=" + work.resolve("data"), "-Epath.logs=" + work.resolve("logs"),
                    "-Ecluster.routing.allocation.disk.threshold_enabled=false", "-Expack.ml.enabled=false"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("console.log").toFile());
            pb.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
            pb.environment().put("ES_PATH_CONF", work.resolve("config").toString());
            Process process = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                // the node's data and logs go with it, once it has let go of them (a test run left ~3 MB a run in /tmp)
                try {
                    if (process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        delete(work);
                    }
                } catch (InterruptedException | IOException e) {
                    // left for the OS's temp cleaning
                }
            }));
            String base = "http://127.0.0.1:" + httpPort;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Elasticsearch exited: see " + work.resolve("console.log"));
                }
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return base;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("Elasticsearch did not become ready in 180 s: see " + work.resolve("console.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
