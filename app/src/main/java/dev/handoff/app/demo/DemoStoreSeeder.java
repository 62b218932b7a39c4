package dev.handoff.app.demo;

import dev.handoff.app.automation.CannedResponses;
import dev.handoff.app.commerce.OrderService;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.security.AdminBootstrap;
import dev.handoff.app.store.Store;
import dev.handoff.app.store.StoreService;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates the demo store on first start (widget key {@code demo}): the FAQ in
 * {@code demo/faq.json} and the orders in {@code demo/orders.json} (Shopify REST {@code orders.json}
 * shape), with order dates moved so that the newest order is a day old, keeping "delayed" and
 * "in transit" orders meaningful. Off with {@code HANDOFF_DEMO_ENABLED=false}.
 */
@Singleton
@Order(30)
@Requires(property = "handoff.demo.enabled", value = "true", defaultValue = "true")
class DemoStoreSeeder implements ApplicationEventListener<StartupEvent> {

    static final String WIDGET_KEY = "demo";
    /** The time the demo orders' dates are written relative to. */
    private static final OffsetDateTime ANCHOR = OffsetDateTime.parse("2026-11-20T12:00:00Z");
    private static final Pattern TIMESTAMP = Pattern.compile("\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d)\"");
    private static final Logger LOG = LoggerFactory.getLogger(DemoStoreSeeder.class);

    private final StoreService stores;
    private final KnowledgeService knowledge;
    private final OrderService orders;
    private final AdminBootstrap admin;
    private final ResourceResolver resources;
    private final JsonMapper json;
    private final Clock clock;
    private final CannedResponses canned;

    DemoStoreSeeder(StoreService stores, KnowledgeService knowledge, OrderService orders, AdminBootstrap admin,
                    ResourceResolver resources, JsonMapper json, Clock clock, CannedResponses canned) {
        this.canned = canned;
        this.stores = stores;
        this.knowledge = knowledge;
        this.orders = orders;
        this.admin = admin;
        this.resources = resources;
        this.json = json;
        this.clock = clock;
    }

    /** The canned responses a new store's agents find behind "/" in the reply box. */
    static final List<CannedResponses.Input> DEMO_CANNED = List.of(
            new CannedResponses.Input("hello", "Greeting", "Hi {{customer.name}}, thanks for reaching out! I'm {{agent.name}} and I'll help you with this."),
            new CannedResponses.Input("tracking", "Tracking link", "Your order {{order.number}} is on its way. You can follow it here: {{order.tracking_url}}"),
            new CannedResponses.Input("damaged", "Damaged item: replacement",
                    "I'm so sorry your order {{order.number}} arrived damaged. We're sending a replacement at no cost; you don't need to return the damaged item."),
            new CannedResponses.Input("refund", "Refund issued",
                    "I've issued a full refund for order {{order.number}}. It will show on your statement within 5 to 10 business days."),
            new CannedResponses.Input("thanks", "Closing", "Thanks for your patience, {{customer.name}}! Is there anything else I can help you with?"));

    /** Seeds in one transaction: a failure leaves no half-made demo store behind. */
    @Override
    @Transactional
    public void onApplicationEvent(StartupEvent event) {
        if (stores.findByWidgetKey(WIDGET_KEY).isPresent()) {
            return;
        }
        try {
            Store store = stores.create("Demo Outfitters", WIDGET_KEY, admin.admin().id());
            List<KnowledgeService.ImportRow> faq = json.readValue(read("demo/faq.json"),
                    Argument.listOf(KnowledgeService.ImportRow.class));
            knowledge.importItems(store.id(), faq);
            orders.importOrders(store.id(), json.readValue(shiftDates(read("demo/orders.json")), JsonNode.class));
            for (CannedResponses.Input c : DEMO_CANNED) {
                canned.create(store.id(), c);
            }
            LOG.info("Demo store created: widget key '{}', {} FAQ items", WIDGET_KEY, faq.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Demo data unreadable", e);
        }
    }

    /** Moves every timestamp by the time elapsed since {@link #ANCHOR}, less one day. */
    private String shiftDates(String orderJson) {
        Duration shift = Duration.between(ANCHOR.toInstant(), clock.instant()).minusDays(1);
        Matcher m = TIMESTAMP.matcher(orderJson);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            OffsetDateTime shifted = OffsetDateTime.parse(m.group(1)).plus(shift).withOffsetSameInstant(ZoneOffset.UTC);
            m.appendReplacement(out, "\"" + shifted.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\"");
        }
        m.appendTail(out);
        return out.toString();
    }

    private String read(String path) throws IOException {
        try (InputStream in = resources.getResourceAsStream("classpath:" + path)
                .orElseThrow(() -> new IOException(path + " missing from the classpath"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
