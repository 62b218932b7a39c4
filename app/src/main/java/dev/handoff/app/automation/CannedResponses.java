package dev.handoff.app.automation;

import dev.handoff.app.commerce.OrderSource;
import dev.handoff.app.commerce.ShopifyOrder;
import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.tickets.TicketService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canned responses: per-store templates found by shortcut or title prefix, rendered for a
 * conversation. Variables: {@code {{customer.name}}}, {@code {{customer.email}}},
 * {@code {{order.number}}}, {@code {{order.status}}}, {@code {{order.tracking_url}}},
 * {@code {{agent.name}}}. A template with an unknown variable is not rendered (the problem lists
 * them). A variable the conversation has no value for becomes a marked gap such as {@code [customer name]}
 * that the agent fills in before sending; {@link Rendered#gaps()} names them.
 */
@Singleton
public class CannedResponses {

    /** The variables a template may use. */
    static final List<String> VARIABLES = List.of("customer.name", "customer.email", "order.number", "order.status",
            "order.tracking_url", "agent.name");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private final CannedResponseRepository responses;
    private final ConversationLookup lookup;
    private final Contacts contacts;
    private final TicketService tickets;
    private final OrderSource orders;
    private final Clock clock;

    CannedResponses(CannedResponseRepository responses, ConversationLookup lookup, Contacts contacts, TicketService tickets,
                    OrderSource orders,
                    Clock clock) {
        this.responses = responses;
        this.lookup = lookup;
        this.contacts = contacts;
        this.tickets = tickets;
        this.orders = orders;
        this.clock = clock;
    }

    /** @param shortcut keyword after "/" (1..40 of a-z 0-9 _ -) @param title 1..200 characters @param body 1..5,000 characters */
    @Serdeable
    public record Input(String shortcut, String title, String body) {
    }

    /**
     * @param text the filled text; each variable without a value is a marked gap, e.g. {@code [order number]}
     * @param gaps the gaps' markers in order of appearance (empty when the text is ready to send)
     */
    @Serdeable
    public record Rendered(String text, List<String> gaps) {
    }

    /** @return the store's templates whose shortcut or title starts with {@code prefix} (all without one), by shortcut */
    public List<CannedResponse> find(UUID storeId, @Nullable String prefix) {
        String p = prefix == null ? "" : prefix.strip().toLowerCase(Locale.ROOT).replaceFirst("^/", "").replace("%", "").replace("_", "\\_");
        return responses.findByPrefix(storeId, p);
    }

    /** Creates a template. @throws io.micronaut.http.exceptions.HttpStatusException 400 for invalid input, 409 for a taken shortcut */
    @Transactional
    public CannedResponse create(UUID storeId, Input in) {
        Input clean = validate(in);
        responses.findByStoreIdAndShortcut(storeId, clean.shortcut()).ifPresent(c -> {
            throw Problems.conflict("The shortcut /" + clean.shortcut() + " is taken");
        });
        return responses.save(new CannedResponse(UUID.randomUUID(), storeId, clean.shortcut(), clean.title(), clean.body(),
                clock.instant(), clock.instant()));
    }

    /** Replaces a template. @throws io.micronaut.http.exceptions.HttpStatusException 404, 400, 409 */
    @Transactional
    public CannedResponse update(UUID storeId, UUID id, Input in) {
        CannedResponse old = require(storeId, id);
        Input clean = validate(in);
        responses.findByStoreIdAndShortcut(storeId, clean.shortcut()).filter(c -> !c.id().equals(id)).ifPresent(c -> {
            throw Problems.conflict("The shortcut /" + clean.shortcut() + " is taken");
        });
        return responses.update(new CannedResponse(id, storeId, clean.shortcut(), clean.title(), clean.body(), old.createdAt(),
                clock.instant()));
    }

    /** Deletes a template. @throws io.micronaut.http.exceptions.HttpStatusException 404 */
    @Transactional
    public void delete(UUID storeId, UUID id) {
        responses.delete(require(storeId, id));
    }

    /**
     * Fills a template for a conversation and the agent sending it.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 for an unknown template or conversation;
     *         422 naming unknown variables and variables the conversation has no value for
     */
    @Transactional
    public Rendered render(UUID storeId, UUID id, UUID conversationId, AgentPrincipal agent) {
        CannedResponse template = require(storeId, id);
        Conversation c = lookup.require(storeId, conversationId);
        Contact contact = contacts.contactOf(c);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("customer.name", contact.name());
        values.put("customer.email", contact.email());
        values.put("agent.name", agent.name());
        Optional<ShopifyOrder> order = orderOf(c);
        values.put("order.number", order.map(ShopifyOrder::name).orElse(null));
        values.put("order.status", order.map(o -> o.fulfillmentStatus() == null ? "unfulfilled" : o.fulfillmentStatus()).orElse(null));
        values.put("order.tracking_url", order.flatMap(o -> o.shipments().stream().flatMap(s -> s.trackingUrls().stream()).findFirst())
                .orElse(null));
        List<String> unknown = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(template.body());
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(name);
            if (!values.containsKey(name)) {
                unknown.add("{{" + name + "}}");
            } else if (value == null || value.isBlank()) {
                String gap = "[" + name.replace("customer.", "customer ").replace("order.", "order ").replace("agent.", "agent ")
                        .replace("tracking_url", "tracking link").replace('_', ' ') + "]";
                missing.add(gap);
                m.appendReplacement(out, Matcher.quoteReplacement(gap));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
        }
        if (!unknown.isEmpty()) {
            throw Problems.unprocessable("This canned response uses variables Handoff does not know: " + String.join(", ", unknown)
                    + ". Edit it in Settings; the known variables are " + String.join(", ", VARIABLES.stream().map(v -> "{{" + v + "}}").toList()) + ".");
        }
        m.appendTail(out);
        return new Rendered(out.toString(), missing);
    }

    /** @return the order the conversation is about: its ticket's, else the newest message naming one */
    private Optional<ShopifyOrder> orderOf(Conversation c) {
        String name = tickets.orderNumberFor(c.id()).orElse(null);
        if (name == null) {
            List<Message> thread = lookup.recentMessages(c.id(), 50);
            for (int i = thread.size() - 1; i >= 0 && name == null; i--) {
                name = thread.get(i).orderNumber();
            }
        }
        return name == null ? Optional.empty() : orders.findByNumber(c.storeId(), name.replaceAll("\\D", ""));
    }

    private CannedResponse require(UUID storeId, UUID id) {
        return responses.findByIdAndStoreId(id, storeId).orElseThrow(() -> Problems.notFound("Canned response"));
    }

    private static Input validate(Input in) {
        String shortcut = in == null || in.shortcut() == null ? "" : in.shortcut().strip().toLowerCase(Locale.ROOT).replaceFirst("^/", "");
        if (!SHORTCUT.matcher(shortcut).matches()) {
            throw Problems.badRequest("shortcut must be 1 to 40 of a-z, 0-9, _ and -");
        }
        String title = in.title() == null ? "" : in.title().strip();
        String body = in.body() == null ? "" : in.body().strip();
        if (title.isEmpty() || title.length() > 200 || body.isEmpty() || body.length() > 5_000) {
            throw Problems.badRequest("title must be 1 to 200 characters and body 1 to 5,000");
        }
        return new Input(shortcut, title, body);
    }
}
