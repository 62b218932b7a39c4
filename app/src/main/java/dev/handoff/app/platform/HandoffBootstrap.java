package dev.handoff.app.platform;

import dev.handoff.app.Application;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts Handoff with its embedded defaults. Used by {@link Application#main}, the tests and the
 * benchmarks, so all three run the same start-up path.
 *
 * <p>Data directory: {@code handoff.data-dir} (an override or a system property), else {@code HANDOFF_DATA_DIR}, else {@code ./data}.
 * Without {@code DATASOURCES_DEFAULT_URL} (or the {@code datasources.default.url} property) an
 * embedded PostgreSQL is started with its cluster under {@code <data>/postgres}.
 *
 * <p>Cluster mode ({@code HANDOFF_CLUSTER=true} or {@code handoff.cluster.enabled}) refuses to start on the
 * embedded PostgreSQL or the embedded search index, which one node alone can use: every node must share
 * one external PostgreSQL and one Elasticsearch cluster ({@link ClusterModeException}).
 */
public final class HandoffBootstrap {

    private HandoffBootstrap() {
    }

    /**
     * Starts the application context and the HTTP server.
     *
     * @param args      command-line arguments handed to Micronaut
     * @param overrides configuration properties that win over every other source
     * @return the running application; closing it stops the server and then the embedded database
     */
    public static RunningHandoff start(String[] args, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(overrides);
        Path dataDir = Path.of(String.valueOf(firstNonNull(
                overrides.get("handoff.data-dir"), System.getProperty("handoff.data-dir"), System.getenv("HANDOFF_DATA_DIR"), "data"))).toAbsolutePath();
        props.put("handoff.data-dir", dataDir.toString());
        EmbeddedPostgresServer embedded = null;
        boolean external = overrides.containsKey("datasources.default.url")
                || System.getenv("DATASOURCES_DEFAULT_URL") != null
                || System.getProperty("datasources.default.url") != null;
        checkClusterMode(overrides, external);
        if (!external) {
            embedded = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
            props.put("datasources.default.url", embedded.jdbcUrl());
            props.put("datasources.default.username", "postgres");
            props.put("datasources.default.password", embedded.password());
        }
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class).properties(props);
        try {
            ApplicationContext context = micronaut.start();
            Thread stopDatabase = null;
            if (embedded != null) {
                // on SIGTERM, Micronaut's own hook stops the app; the database stops once it has (mailbox leases, jobs
                // and indexes are released through it), or after 30 s
                EmbeddedPostgresServer database = embedded;
                stopDatabase = new Thread(() -> {
                    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                    while (context.isRunning() && System.nanoTime() < deadline) {
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                    }
                    database.close();
                }, "handoff-stop-database");
                Runtime.getRuntime().addShutdownHook(stopDatabase);
            }
            return new RunningHandoff(context, embedded, stopDatabase);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * A started Handoff.
     *
     * @param context      the Micronaut context (HTTP server included)
     * @param embedded     the embedded PostgreSQL, or {@code null} with an external database
     * @param stopDatabase the shutdown hook that stops the embedded PostgreSQL after the app on SIGTERM ({@code null} without one);
     *                     {@link #close} removes it and stops both in order
     */
    public record RunningHandoff(ApplicationContext context, EmbeddedPostgresServer embedded, Thread stopDatabase) implements AutoCloseable {

        /** @return the HTTP port the server listens on */
        public int port() {
            return context.getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
        }

        @Override
        public void close() {
            context.close();
            if (embedded != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopDatabase);
                } catch (IllegalStateException shuttingDown) {
                    return; // the hook stops the database
                }
                embedded.close();
            }
        }
    }

    /**
     * Refuses cluster mode on the embedded defaults.
     *
     * @throws ClusterModeException naming the settings to add
     */
    static void checkClusterMode(Map<String, Object> overrides, boolean externalDatabase) {
        Object cluster = firstNonNull(overrides.get("handoff.cluster.enabled"), System.getProperty("handoff.cluster.enabled"),
                System.getenv("HANDOFF_CLUSTER"), "false");
        if (!Boolean.parseBoolean(String.valueOf(cluster).strip())) {
            return;
        }
        java.util.List<String> missing = new java.util.ArrayList<>();
        if (!externalDatabase) {
            missing.add("an external PostgreSQL shared by every node (set DATASOURCES_DEFAULT_URL=jdbc:postgresql://host:5432/handoff, "
                    + "DATASOURCES_DEFAULT_USERNAME and DATASOURCES_DEFAULT_PASSWORD); the embedded PostgreSQL serves one node only");
        }
        Object backend = firstNonNull(overrides.get("handoff.search.backend"), System.getProperty("handoff.search.backend"),
                System.getenv("HANDOFF_SEARCH_BACKEND"), "lucene");
        if (!"elasticsearch".equalsIgnoreCase(String.valueOf(backend).strip())) {
            missing.add("the Elasticsearch search backend (set HANDOFF_SEARCH_BACKEND=elasticsearch and ELASTICSEARCH_URL); "
                    + "the embedded Lucene index lives in one node's data directory (search backend now: " + backend + ")");
        }
        Object secret = firstNonNull(overrides.get("handoff.secret-key"), System.getProperty("handoff.secret-key"),
                System.getenv("HANDOFF_SECRET_KEY"), "");
        if (String.valueOf(secret).isBlank()) {
            missing.add("one secret key for every node (set HANDOFF_SECRET_KEY to the same base64 of 32 random bytes on each, "
                    + "e.g. from `openssl rand -base64 32`); a key generated per node could not open secrets sealed on another");
        }
        if (!missing.isEmpty()) {
            throw new ClusterModeException("HANDOFF_CLUSTER=true needs " + String.join(", and ", missing)
                    + ". Unset HANDOFF_CLUSTER to run one node on the embedded defaults.");
        }
    }

    /** Cluster mode was asked for on engines only one node can use; the message says what to set. */
    public static final class ClusterModeException extends IllegalStateException {
        ClusterModeException(String message) {
            super(message);
        }
    }

    private static Object firstNonNull(Object... values) {
        for (Object v : values) {
            if (v != null) {
                return v;
            }
        }
        throw new IllegalArgumentException("no value");
    }
}
