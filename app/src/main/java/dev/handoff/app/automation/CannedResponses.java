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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canned responses: per-store templates found by shortcut or title prefix, rendered for a
 * conversation. Variables ({@link Variable}, the one list that saving checks and rendering fills):
 * {@code {{customer.name}}}, {@code {{customer.email}}}, {@code {{order.number}}}, {@code {{order.status}}},
 * {@code {{order.tracking_url}}}, {@code {{agent.name}}}. A template with an unknown variable is not saved
 * (422 naming it and the supported ones); one stored before that check still lists, edits and deletes, but is
 * not rendered (the same 422). A variable the conversation has no value for becomes a marked gap such as
 * {@code [customer name]} that the agent fills in before sending; {@link Rendered#gaps()} names them.
 */
@Singleton
public class CannedResponses {

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

    /**
     * The variables a template may use, in the order the dashboard lists them, each with how its value is read
     * (null or blank: a gap). The one list behind {@link #variables()}, the check on save and {@link #render}.
     */
    private enum Variable {
        CUSTOMER_NAME("customer.name", f -> f.contact().name()),
        CUSTOMER_EMAIL("customer.email", f -> f.contact().email()),
        ORDER_NUMBER("order.number", f -> f.order().map(ShopifyOrder::name).orElse(null)),
        ORDER_STATUS("order.status", f -> f.order().map(o -> o.fulfillmentStatus() == null ? "unfulfilled" : o.fulfillmentStatus())
                .orElse(null)),
        ORDER_TRACKING_URL("order.tracking_url", f -> f.order()
                .flatMap(o -> o.shipments().stream().flatMap(s -> s.trackingUrls().stream()).findFirst()).orElse(null)),
        AGENT_NAME("agent.name", f -> f.agent().name());

        private static final Map<String, Variable> BY_NAME = java.util.Arrays.stream(values())
                .collect(java.util.stream.Collectors.toMap(v -> v.key, v -> v, (x, y) -> x, LinkedHashMap::new));

        private final String key;
        private final Function<Facts, String> value;

        Variable(String key, Function<Facts, String> value) {
            this.key = key;
            this.value = value;
        }
    }

    /** What a template's variables are read from: the conversation's contact, its order (if any) and the sending agent. */
    private record Facts(Contact contact, Optional<ShopifyOrder> order, AgentPrincipal agent) {
    }

    /** @return the supported variable names without braces, e.g. {@code customer.name}, in a stable order */
    public List<String> variables() {
        return List.copyOf(Variable.BY_NAME.keySet());
    }

    /** @return the store's templates whose shortcut or title starts with {@code prefix} (all without one), by shortcut */
    public List<CannedResponse> find(UUID storeId, @Nullable String prefix) {
        String p = prefix == null ? "" : prefix.strip().toLowerCase(Locale.ROOT).replaceFirst("^/", "").replace("%", "").replace("_", "\\_");
        return responses.findByPrefix(storeId, p);
    }

    /**
     * Creates a template.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for an invalid shortcut, title or body length; 422 naming
     *         unknown variables and listing the supported ones; 409 for a taken shortcut
     */
    @Transactional
    public CannedResponse create(UUID storeId, Input in) {
        Input clean = validate(in);
        responses.findByStoreIdAndShortcut(storeId, clean.shortcut()).ifPresent(c -> {
            throw Problems.conflict("The shortcut /" + clean.shortcut() + " is taken");
        });
        return responses.save(new CannedResponse(UUID.randomUUID(), storeId, clean.shortcut(), clean.title(), clean.body(),
                clock.instant(), clock.instant()));
    }

    /**
     * Replaces a template's shortcut, title and body (all three, checked as on create).
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 for an unknown template; 400 and 422 as {@link #create};
     *         409 for a shortcut another template has
     */
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
        requireKnownVariables(template.body(), "This canned response uses", " Edit it in Settings.");
        Facts facts = new Facts(contacts.contactOf(c), orderOf(c), agent);
        List<String> missing = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(template.body());
        while (m.find()) {
            String name = m.group(1);
            String value = Variable.BY_NAME.get(name).value.apply(facts);
            if (value == null || value.isBlank()) {
                String gap = "[" + name.replace("customer.", "customer ").replace("order.", "order ").replace("agent.", "agent ")
                        .replace("tracking_url", "tracking link").replace('_', ' ') + "]";
                missing.add(gap);
                m.appendReplacement(out, Matcher.quoteReplacement(gap));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
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

    /**
     * @param subject how the problem's detail begins, e.g. {@code "The text uses"}
     * @param advice  what the detail ends with (may be empty)
     * @throws io.micronaut.http.exceptions.HttpStatusException 422 naming each unknown variable once, as written
     *         ({@code {{coupon.code}}}), and the supported ones
     */
    private static void requireKnownVariables(String body, String subject, String advice) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(body);
        while (m.find()) {
            if (!Variable.BY_NAME.containsKey(m.group(1))) {
                unknown.add("{{" + m.group(1) + "}}");
            }
        }
        if (!unknown.isEmpty()) {
            throw Problems.unprocessable(subject + (unknown.size() == 1 ? " a variable" : " variables") + " Handoff does not know: "
                    + String.join(", ", unknown) + ". The supported variables are "
                    + String.join(", ", Variable.BY_NAME.keySet().stream().map(v -> "{{" + v + "}}").toList()) + "." + advice);
        }
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
        requireKnownVariables(body, "The text uses", "");
        return new Input(shortcut, title, body);
    }
}
