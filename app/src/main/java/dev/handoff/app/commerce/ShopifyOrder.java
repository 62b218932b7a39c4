package dev.handoff.app.commerce;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a Shopify order the assistant reads, parsed from the REST Admin API order resource
 * (shopify.dev/docs/api/admin-rest/latest/resources/order: {@code name}, {@code order_number},
 * {@code email}, {@code financial_status}, {@code fulfillment_status}, {@code line_items},
 * {@code total_price}, {@code currency}, {@code created_at}, {@code cancelled_at} and
 * {@code fulfillments} with {@code tracking_numbers}, {@code tracking_urls}, {@code tracking_company},
 * {@code shipment_status}).
 *
 * @param name              e.g. {@code #1042}
 * @param orderNumber       e.g. {@code 1042}
 * @param email             customer email or {@code null}
 * @param financialStatus   e.g. {@code paid}, {@code pending}, {@code refunded}; {@code null} when absent
 * @param fulfillmentStatus {@code null} for unfulfilled, {@code partial}, {@code fulfilled}, {@code restocked}
 * @param totalPrice        decimal string
 * @param currency          ISO 4217 code
 * @param createdAt         when it was placed
 * @param cancelledAt       when it was cancelled, or {@code null}
 * @param items             line items
 * @param shipments         fulfillments with tracking
 */
@Serdeable
public record ShopifyOrder(String name, String orderNumber, @Nullable String email, @Nullable String financialStatus,
                           @Nullable String fulfillmentStatus, @Nullable String totalPrice, @Nullable String currency,
                           Instant createdAt, @Nullable Instant cancelledAt, List<LineItem> items, List<Shipment> shipments) {

    /** Processing time after which an order that has not shipped counts as delayed. */
    static final Duration SHIP_WITHIN = Duration.ofDays(3);
    /** Transit time after which a shipment not delivered counts as delayed. */
    static final Duration DELIVER_WITHIN = Duration.ofDays(10);

    /**
     * Parses one order object.
     *
     * @throws IllegalArgumentException when {@code name}/{@code order_number} or {@code created_at} is missing or malformed
     */
    public static ShopifyOrder parse(JsonNode o) {
        String number = text(o, "order_number");
        String name = text(o, "name");
        if (number == null && name != null) {
            number = name.replaceAll("\\D", "");
        }
        if (number == null || number.isEmpty()) {
            throw new IllegalArgumentException("order has neither name nor order_number");
        }
        if (name == null) {
            name = "#" + number;
        }
        Instant created = time(o, "created_at");
        if (created == null) {
            throw new IllegalArgumentException("order " + name + " has no created_at");
        }
        List<LineItem> items = new ArrayList<>();
        for (JsonNode li : array(o, "line_items")) {
            items.add(new LineItem(text(li, "title"), text(li, "variant_title"),
                    li.get("quantity") != null && li.get("quantity").isNumber() ? li.get("quantity").getIntValue() : 1,
                    text(li, "price")));
        }
        List<Shipment> shipments = new ArrayList<>();
        for (JsonNode f : array(o, "fulfillments")) {
            Set<String> numbers = new LinkedHashSet<>();
            Set<String> urls = new LinkedHashSet<>();
            addIfPresent(numbers, text(f, "tracking_number"));
            array(f, "tracking_numbers").forEach(n -> addIfPresent(numbers, n.isString() ? n.getStringValue() : null));
            addIfWebUrl(urls, text(f, "tracking_url"));
            array(f, "tracking_urls").forEach(n -> addIfWebUrl(urls, n.isString() ? n.getStringValue() : null));
            shipments.add(new Shipment(text(f, "status"), text(f, "tracking_company"), List.copyOf(numbers), List.copyOf(urls),
                    text(f, "shipment_status"), time(f, "created_at")));
        }
        return new ShopifyOrder(name, number, text(o, "email"), text(o, "financial_status"), text(o, "fulfillment_status"),
                text(o, "total_price"), text(o, "currency"), created, time(o, "cancelled_at"), items, shipments);
    }

    /** @return whether the order is late at {@code now}: not shipped within 3 days, not delivered within 10 days of shipping, or a failed delivery */
    public boolean delayed(Instant now) {
        if (cancelledAt != null || "fulfilled".equals(fulfillmentStatus) && shipments.stream().allMatch(Shipment::delivered)) {
            return false;
        }
        if (shipments.stream().anyMatch(s -> "failure".equals(s.shipmentStatus()) || "attempted_delivery".equals(s.shipmentStatus()))) {
            return true;
        }
        if (shipments.isEmpty()) {
            return createdAt.plus(SHIP_WITHIN).isBefore(now);
        }
        return shipments.stream().anyMatch(s -> !s.delivered() && s.shippedAt() != null && s.shippedAt().plus(DELIVER_WITHIN).isBefore(now));
    }

    /** @return the total with currency, e.g. {@code 59.90 EUR} */
    public String total() {
        if (totalPrice == null) {
            return "unknown";
        }
        String amount = new BigDecimal(totalPrice).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        return currency == null ? amount : amount + " " + currency;
    }

    private static void addIfWebUrl(Set<String> set, String v) {
        if (v != null && isWebUrl(v)) {
            set.add(v.strip());
        }
    }

    /**
     * @return whether {@code url} is an absolute {@code http} or {@code https} URL with a host (RFC 3986 syntax);
     *         {@code javascript:}, {@code data:}, relative and unparsable URLs are not
     */
    public static boolean isWebUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url.strip());
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static void addIfPresent(Set<String> set, String v) {
        if (v != null && !v.isBlank()) {
            set.add(v.strip());
        }
    }

    private static Iterable<JsonNode> array(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && n.isArray() ? n.values() : List.of();
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.getNumberValue().toString();
        }
        return n.isString() ? n.getStringValue() : null;
    }

    private static Instant time(JsonNode o, String field) {
        String v = text(o, field);
        try {
            return v == null ? null : OffsetDateTime.parse(v).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 time: " + v);
        }
    }

    /**
     * @param title        product title
     * @param variantTitle variant, e.g. {@code M / Blue}, or {@code null}
     * @param quantity     units
     * @param price        unit price, decimal string
     */
    @Serdeable
    public record LineItem(String title, @Nullable String variantTitle, int quantity, @Nullable String price) {
    }

    /**
     * A fulfillment.
     *
     * @param status          Shopify fulfillment status, e.g. {@code success}
     * @param carrier         tracking company, or {@code null}
     * @param trackingNumbers tracking numbers
     * @param trackingUrls    tracking URLs
     * @param shipmentStatus  carrier status, e.g. {@code in_transit}, {@code delivered}, {@code failure}; or {@code null}
     * @param shippedAt       when it was fulfilled
     */
    @Serdeable
    public record Shipment(@Nullable String status, @Nullable String carrier, List<String> trackingNumbers,
                           List<String> trackingUrls, @Nullable String shipmentStatus, @Nullable Instant shippedAt) {
        boolean delivered() {
            return "delivered".equals(shipmentStatus);
        }
    }
}
