package dev.handoff.app.support;

import dev.handoff.app.platform.HandoffBootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One Handoff per test JVM on embedded defaults (embedded PostgreSQL, Lucene, MiniLM) in a temporary
 * data directory, with the demo store. Tests isolate themselves by creating their own conversations
 * and stores, which is also how tenants are isolated in production.
 */
public final class TestApp {

    private static Api api;

    private TestApp() {
    }

    /** @return a client of the shared app (Shopify, SMTP, Gmail and Graph pointed at loopback stubs), started on first use */
    public static synchronized Api api() {
        if (api == null) {
            // stopped at JVM exit by Micronaut's and embedded PostgreSQL's own shutdown hooks
            Map<String, Object> props = new java.util.HashMap<>();
            props.put("handoff.shopify.base-url", ShopifyStub.shared().baseUrl());
            props.put("javamail.properties.mail.smtp.host", "127.0.0.1");
            props.put("javamail.properties.mail.smtp.port", String.valueOf(MailStub.shared().getSmtp().getPort()));
            props.put("handoff.gmail.client-id", "gmail-client");
            props.put("handoff.gmail.client-secret", "gmail-secret");
            props.put("handoff.gmail.authorization-url", GmailStub.shared().baseUrl() + "/auth");
            props.put("handoff.gmail.token-url", GmailStub.shared().baseUrl() + "/token");
            props.put("handoff.gmail.api-url", GmailStub.shared().baseUrl() + "/");
            props.put("handoff.outlook.client-id", "outlook-client");
            props.put("handoff.outlook.client-secret", "outlook-secret");
            props.put("handoff.outlook.authorization-url", GraphStub.shared().baseUrl() + "/authorize");
            props.put("handoff.outlook.token-url", GraphStub.shared().baseUrl() + "/token");
            props.put("handoff.outlook.api-url", GraphStub.shared().baseUrl() + "/v1.0");
            // drafts graduate after 5 reviews here (50 in production): DraftGraduationTest reviews that many
            props.put("handoff.drafts.graduation.window", 5);
            HandoffBootstrap.RunningHandoff app = start(tempDir(), props);
            api = new Api("http://127.0.0.1:" + app.port(), app);
        }
        return api;
    }

    /** Starts a separate app (the caller closes it). */
    public static HandoffBootstrap.RunningHandoff start(Path dataDir, Map<String, Object> extra) {
        java.util.HashMap<String, Object> props = new java.util.HashMap<>(extra);
        props.put("handoff.data-dir", dataDir.toString());
        props.putIfAbsent("micronaut.server.port", -1);
        // short timings make tests quick; a benchmark that measures the app under load passes the production ones
        props.putIfAbsent("handoff.jobs.polling-interval", "200ms");
        props.putIfAbsent("handoff.search.index-delay", "200ms");
        props.put("handoff.shopify.fresh-for", "0s");
        props.put("handoff.shopify.max-attempts", 2);
        props.put("handoff.notifications.retry-delay", "100ms");
        props.put("handoff.mail.poll-interval", "300ms");
        props.put("handoff.mail.retry-delay", "200ms");
        props.put("handoff.mail.timeout", "5s");
        props.put("handoff.mail.batch-size", 5);
        props.putIfAbsent("handoff.analytics.rollup-grace", "1s");
        // the stubs (webhooks, GreenMail) listen on loopback: trusted here, refused by default in production
        props.putIfAbsent("handoff.outbound.allowed-http-hosts", "127.0.0.1");
        // every test and benchmark sends from 127.0.0.1: rate limits off unless a test turns them on (RateLimitTest)
        props.putIfAbsent("handoff.limits.enabled", false);
        // shoppers' addresses come from X-Forwarded-For when a test sends it, as behind the production reverse proxy
        props.putIfAbsent("handoff.trusted-proxies", "127.0.0.1");
        props.putIfAbsent("handoff.outbound.allow-private-mail-hosts", true);
        return HandoffBootstrap.start(new String[0], props);
    }

    /** @return a new empty temporary directory */
    public static Path tempDir() {
        try {
            return Files.createTempDirectory("handoff-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
