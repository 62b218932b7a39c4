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
 * <p>Data directory: {@code handoff.data-dir} property, else {@code HANDOFF_DATA_DIR}, else {@code ./data}.
 * Without {@code DATASOURCES_DEFAULT_URL} (or the {@code datasources.default.url} property) an
 * embedded PostgreSQL is started with its cluster under {@code <data>/postgres}.
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
                overrides.get("handoff.data-dir"), System.getenv("HANDOFF_DATA_DIR"), "data"))).toAbsolutePath();
        props.put("handoff.data-dir", dataDir.toString());
        EmbeddedPostgresServer embedded = null;
        boolean external = overrides.containsKey("datasources.default.url")
                || System.getenv("DATASOURCES_DEFAULT_URL") != null
                || System.getProperty("datasources.default.url") != null;
        if (!external) {
            embedded = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
            props.put("datasources.default.url", embedded.jdbcUrl());
            props.put("datasources.default.username", "postgres");
            props.put("datasources.default.password", "");
        }
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class).properties(props);
        try {
            return new RunningHandoff(micronaut.start(), embedded);
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
     * @param context  the Micronaut context (HTTP server included)
     * @param embedded the embedded PostgreSQL, or {@code null} with an external database
     */
    public record RunningHandoff(ApplicationContext context, EmbeddedPostgresServer embedded) implements AutoCloseable {

        /** @return the HTTP port the server listens on */
        public int port() {
            return context.getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
        }

        @Override
        public void close() {
            context.close();
            if (embedded != null) {
                embedded.close();
            }
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
