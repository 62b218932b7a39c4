package dev.handoff.app;

import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.search.SearchReindexer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;

/**
 * Entry point: starts Handoff on embedded defaults (PostgreSQL, Lucene, in-process BGE small embeddings) unless
 * {@code DATASOURCES_DEFAULT_URL} points at an external PostgreSQL.
 */
@OpenAPIDefinition(info = @Info(title = "handoff", version = "1",
        description = "Handoff helpdesk API: storefront widget, knowledge base, conversations, tickets, orders"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {

    private Application() {
    }

    /**
     * Starts the server and blocks until the JVM is stopped; with {@code reindex} as the first
     * argument, rebuilds every search index from the database instead (the running servers keep
     * answering from the old indexes until the swap), prints the report and exits.
     *
     * @param args Micronaut command-line properties ({@code -key=value}), optionally after {@code reindex}
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("reindex")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            try (HandoffBootstrap.RunningHandoff app = HandoffBootstrap.start(rest, java.util.Map.of("micronaut.server.port", -1,
                    "handoff.demo.enabled", false))) {
                SearchReindexer.Report report = app.context().getBean(SearchReindexer.class).reindexAll();
                System.out.println("Reindexed " + report.documents() + " in " + report.millis() + " ms");
            }
            System.exit(0);
        }
        try {
            HandoffBootstrap.start(args, java.util.Map.of());
        } catch (HandoffBootstrap.ClusterModeException e) {
            System.err.println("Handoff did not start: " + e.getMessage());
            System.exit(2);
        }
    }
}
