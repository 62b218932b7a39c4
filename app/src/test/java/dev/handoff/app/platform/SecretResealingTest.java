package dev.handoff.app.platform;

import dev.handoff.app.mailbox.ChannelAccount;
import dev.handoff.app.mailbox.ChannelAccounts;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.ShopifyStub;
import dev.handoff.app.support.TestApp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a key rotation every stored secret (Shopify token and webhook secret, mailbox credentials) sealed under
 * the old key is opened with it and sealed again under the new one, once: afterwards the old key can be dropped.
 */
class SecretResealingTest {

    private static final Api API = TestApp.api();

    @Test
    void secretsSealedUnderTheOldKeyAreSealedAgainUnderTheNewOneAndTheOldKeyCanBeDropped() {
        ApplicationContext context = API.app().context();
        JdbcOperations jdbc = context.getBean(JdbcOperations.class);
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = context.getBean(TransactionOperations.class);
        String dataDir = context.getProperty("handoff.data-dir", String.class).orElseThrow();
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        String oldKey = Base64.getEncoder().encodeToString(raw);
        SecretBox old = new SecretBox(oldKey, "", dataDir);
        // the app as it runs after the rotation: the data directory's key is current, the old one previous
        SecretBox rotated = new SecretBox("", oldKey, dataDir);
        SecretBox newOnly = context.getBean(SecretBox.class);

        // a store connected to Shopify and a mailbox, then their secrets as the old key had sealed them
        String store = API.createStore("Rotation Store").id();
        String token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        ShopifyStub.shared().shop(token, List.of());
        Api.Res connected = API.admin("PUT", "/api/stores/" + store + "/shopify", Map.of("shopDomain", "r" + store.substring(0, 8) + ".myshopify.com",
                "accessToken", token, "apiSecret", "shpss_rotation"));
        assertEquals(200, connected.status(), connected.raw());
        ChannelAccount mailbox = tx.executeWrite(status -> context.getBean(ChannelAccounts.class)
                .save(UUID.fromString(store), "imap", "rotation@example.com", Map.of("password", "imap-secret"), null));
        String credentials = "{\"password\":\"imap-secret\"}";
        tx.executeWrite(status -> {
            update(jdbc, "UPDATE shopify_connections SET access_token = ?, api_secret = ? WHERE store_id = CAST(? AS uuid)",
                    old.seal(token), old.seal("shpss_rotation"), store);
            update(jdbc, "UPDATE channel_accounts SET credentials = ? WHERE id = CAST(? AS uuid)", old.seal(credentials), mailbox.id().toString());
            return null;
        });
        List<String> before = sealed(jdbc, tx, store);
        before.forEach(v -> assertThrows(IllegalStateException.class, () -> newOnly.open(v), "the new key alone cannot open " + v));

        SecretResealing step = new SecretResealing(List.of(context.getBean(dev.handoff.app.commerce.ShopifyConnections.class),
                context.getBean(ChannelAccounts.class)), rotated, jdbc, tx);
        SecretResealing.Result first = step.resealAll();
        assertEquals(3, first.resealed(), first.toString());
        assertEquals(0, first.unreadable(), first.toString());

        List<String> after = sealed(jdbc, tx, store);
        for (String v : after) {
            assertTrue(v.startsWith("v2:" + newOnly.currentKeyId() + ":"), v);
            assertTrue(newOnly.isCurrent(v));
        }
        assertNotEquals(before, after);
        // the old key dropped: the app's own box (the data directory's key alone) opens everything
        assertEquals(List.of(token, "shpss_rotation", credentials), after.stream().map(newOnly::open).toList());
        assertEquals("imap-secret", context.getBean(ChannelAccounts.class).credentials(
                context.getBean(ChannelAccounts.class).require(UUID.fromString(store), mailbox.id())).get("password"));

        SecretResealing.Result again = step.resealAll();
        assertEquals(0, again.resealed(), "idempotent: " + again);
        assertEquals(after, sealed(jdbc, tx, store), "nothing sealed twice");
    }

    private static void update(JdbcOperations jdbc, String sql, String... values) {
        jdbc.prepareStatement(sql, s -> {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            return s.executeUpdate();
        });
    }

    /** @return the store's Shopify token, webhook secret and mailbox credentials as stored */
    private static List<String> sealed(JdbcOperations jdbc, TransactionOperations<Connection> tx, String store) {
        return tx.executeRead(status -> jdbc.prepareStatement("""
                SELECT s.access_token, s.api_secret, a.credentials FROM shopify_connections s
                JOIN channel_accounts a ON a.store_id = s.store_id WHERE s.store_id = CAST(? AS uuid)""", s -> {
            s.setString(1, store);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return List.of(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }));
    }
}
