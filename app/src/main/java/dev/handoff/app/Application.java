package dev.handoff.app;

import dev.handoff.app.platform.HandoffBootstrap;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;

/**
 * Entry point: starts Handoff on embedded defaults (PostgreSQL, Lucene, MiniLM) unless
 * {@code DATASOURCES_DEFAULT_URL} points at an external PostgreSQL.
 */
@OpenAPIDefinition(info = @Info(title = "handoff", version = "1",
        description = "Handoff helpdesk API: storefront widget, knowledge base, conversations, tickets, orders"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {

    private Application() {
    }

    /**
     * Starts the server and blocks until the JVM is stopped.
     *
     * @param args Micronaut command-line properties ({@code -key=value})
     */
    public static void main(String[] args) {
        HandoffBootstrap.start(args, java.util.Map.of());
    }
}
