package dev.handoff.app.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first admin from {@code HANDOFF_ADMIN_EMAIL} / {@code HANDOFF_ADMIN_PASSWORD}
 * (defaults {@code admin@handoff.local} / {@code handoff-demo}: change them for anything but a demo).
 */
@Singleton
@Order(10)
public class AdminBootstrap implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AuthService auth;
    private final String email;
    private final String password;
    private AgentPrincipal admin;

    AdminBootstrap(AuthService auth,
                   @Value("${handoff.admin.email:admin@handoff.local}") String email,
                   @Value("${handoff.admin.password:handoff-demo}") String password) {
        this.auth = auth;
        this.email = email;
        this.password = password;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        admin();
    }

    /** @return the bootstrap admin, created on first call */
    public synchronized AgentPrincipal admin() {
        if (admin == null) {
            admin = auth.ensureAgent(email, "Admin", password, Agent.Role.admin);
            LOG.info("Admin agent: {}", admin.email());
        }
        return admin;
    }
}
