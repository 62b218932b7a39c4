package dev.handoff.app.commerce;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.platform.SecretBox;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Connecting a store to its Shopify shop: the Admin API access token and app secret, sealed at rest. */
@Singleton
public class ShopifyConnections implements dev.handoff.app.platform.SealedSecrets {

    private static final Pattern SHOP = Pattern.compile("[a-z0-9][a-z0-9-]*\\.myshopify\\.com");

    private final ShopifyConnectionRepository connections;
    private final SecretBox secrets;
    private final Clock clock;
    private final String apiVersion;

    ShopifyConnections(ShopifyConnectionRepository connections, SecretBox secrets, Clock clock,
                       @Value("${handoff.shopify.api-version:2025-01}") String apiVersion) {
        this.connections = connections;
        this.secrets = secrets;
        this.clock = clock;
        this.apiVersion = apiVersion;
    }

    /**
     * Connects (or reconnects) the store.
     *
     * @param shopDomain  {@code <shop>.myshopify.com}
     * @param accessToken Admin API access token (custom app: {@code shpat_…}) with {@code read_orders}
     * @param apiSecret   the app's API secret key, which signs its webhooks
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for a malformed domain or empty secrets;
     *         409 when another store has connected that shop
     */
    @Transactional
    public View connect(UUID storeId, String shopDomain, String accessToken, String apiSecret) {
        String shop = shopDomain == null ? "" : shopDomain.strip().toLowerCase(java.util.Locale.ROOT);
        if (!SHOP.matcher(shop).matches()) {
            throw Problems.badRequest("shopDomain must be <shop>.myshopify.com");
        }
        if (accessToken == null || accessToken.isBlank() || apiSecret == null || apiSecret.isBlank()) {
            throw Problems.badRequest("accessToken and apiSecret are required");
        }
        connections.findByShopDomain(shop).filter(c -> !c.storeId().equals(storeId)).ifPresent(c -> {
            throw Problems.conflict("Another store is connected to " + shop);
        });
        Instant now = clock.instant();
        ShopifyConnection c = new ShopifyConnection(storeId, shop, secrets.seal(accessToken.strip()), secrets.seal(apiSecret.strip()),
                apiVersion, "active", connections.findById(storeId).map(ShopifyConnection::connectedAt).orElse(now), now);
        if (connections.existsById(storeId)) {
            connections.update(c);
        } else {
            connections.save(c);
        }
        return View.of(c);
    }

    /** Disconnects the store (its local order copies stay). */
    @Transactional
    public void disconnect(UUID storeId) {
        connections.deleteById(storeId);
    }

    /** Marks the shop's connection uninstalled and forgets its token ({@code app/uninstalled}). */
    @Transactional
    public void uninstalled(ShopifyConnection c) {
        connections.update(new ShopifyConnection(c.storeId(), c.shopDomain(), secrets.seal(""), c.apiSecret(), c.apiVersion(),
                "uninstalled", c.connectedAt(), clock.instant()));
    }

    /** The Admin API access token and the webhook secret, sealed. */
    @Override
    public List<Column> sealedColumns() {
        return List.of(new Column("shopify_connections", "store_id", "access_token"), new Column("shopify_connections", "store_id", "api_secret"));
    }

    /** @return the store's connection as the admin API shows it (no secrets) */
    public Optional<View> view(UUID storeId) {
        return connections.findById(storeId).map(View::of);
    }

    /** @return the store's active connection with its access token opened */
    Optional<Active> active(UUID storeId) {
        return connections.findById(storeId).filter(c -> c.status().equals("active"))
                .map(c -> new Active(c.storeId(), c.shopDomain(), secrets.open(c.accessToken()), c.apiVersion()));
    }

    /** @return the connection of a shop and its opened webhook secret */
    Optional<Signed> byShop(String shopDomain) {
        return connections.findByShopDomain(shopDomain.toLowerCase(java.util.Locale.ROOT))
                .map(c -> new Signed(c, secrets.open(c.apiSecret())));
    }

    /** @param storeId store @param shopDomain shop @param accessToken opened token @param apiVersion API version */
    record Active(UUID storeId, String shopDomain, String accessToken, String apiVersion) {
    }

    /** @param connection the connection @param apiSecret its opened webhook secret */
    record Signed(ShopifyConnection connection, String apiSecret) {
    }

    /**
     * @param shopDomain  the shop
     * @param status      {@code active} or {@code uninstalled}
     * @param apiVersion  Admin API version used
     * @param connectedAt when it was connected
     */
    @Serdeable
    public record View(String shopDomain, String status, String apiVersion, Instant connectedAt, @Nullable Instant updatedAt) {
        static View of(ShopifyConnection c) {
            return new View(c.shopDomain(), c.status(), c.apiVersion(), c.connectedAt(), c.updatedAt());
        }
    }
}
