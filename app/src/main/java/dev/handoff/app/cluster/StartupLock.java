package dev.handoff.app.cluster;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.order.Ordered;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * In cluster mode, nodes that start together run their start-up work (the first admin, the demo store,
 * index reconciliation) one at a time: the first {@link StartupEvent} listener takes a PostgreSQL
 * session advisory lock on a connection of its own, and the server's start releases it. So two nodes
 * started at once never both create the demo store. Flyway's migrations, which run before, hold a lock of
 * their own.
 */
@Singleton
class StartupLock implements ApplicationEventListener<StartupEvent>, Ordered {

    private static final long KEY = 0x48616e646f6666L; // "Handoff"
    private static final Logger LOG = LoggerFactory.getLogger(StartupLock.class);

    private final ClusterSettings settings;
    private final String url;
    private final String username;
    private final String password;
    private Connection held;

    StartupLock(ClusterSettings settings, @Value("${datasources.default.url}") String url,
                @Value("${datasources.default.username:postgres}") String username,
                @Value("${datasources.default.password:}") String password) {
        this.settings = settings;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @Override
    public synchronized void onApplicationEvent(StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        try {
            Connection c = DriverManager.getConnection(url, username, password == null ? "" : password);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + KEY + ")");
            }
            held = c;
        } catch (SQLException e) {
            LOG.warn("Start-up runs without the cluster's start-up lock: {}", e.toString());
        }
    }

    @EventListener
    synchronized void onServerStarted(ServerStartupEvent event) {
        release();
    }

    @PreDestroy
    synchronized void release() {
        if (held != null) {
            try {
                held.close(); // closing the session releases its advisory locks
            } catch (SQLException e) {
                LOG.debug("Start-up lock: {}", e.toString());
            }
            held = null;
        }
    }
}
