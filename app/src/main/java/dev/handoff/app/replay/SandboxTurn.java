package dev.handoff.app.replay;

import dev.handoff.app.assistant.AssistantTurn;
import dev.handoff.app.assistant.EscalationSignal;
import dev.handoff.app.assistant.OrderReference;
import dev.handoff.app.assistant.MessageIntents;
import dev.handoff.app.assistant.OrderStatusIntent;
import dev.handoff.app.commerce.OrderService;
import dev.handoff.app.commerce.ShopifyOrder;
import dev.handoff.app.conversation.Sentiment;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The assistant's turn without side effects, over one stored conversation, for a replay: the same
 * detectors and order data as the live turn ({@link AssistantTurn}) in the same order, with the
 * knowledge base under test. Per shopper message: a person has the conversation (an agent wrote, or it
 * is escalated) → the assistant stays out; an escalation signal ({@link EscalationSignal}, or negative
 * sentiment twice in a row) → escalated; the assistant switched off → silent; an order-status request
 * ({@link OrderStatusIntent}) or an awaited order number/email → the order lookup on the store's local
 * order copies ({@link OrderService}, read-only, never Shopify); the FAQ decision ({@link SandboxFaq#answer});
 * small talk → nothing needed; else silence, and the second silence in a row escalates. The
 * conversation's state (escalated, awaiting an order's email, silences in a row) is carried from message to
 * message in memory; a resolution ends an escalation. Nothing is written anywhere.
 */
@Singleton
class SandboxTurn {

    private static final String AWAITING_EMAIL = "awaiting_order_email:";

    private final OrderStatusIntent orderStatusIntent;
    private final MessageIntents intents;
    private final OrderService orders;

    SandboxTurn(OrderStatusIntent orderStatusIntent, MessageIntents intents, OrderService orders) {
        this.orderStatusIntent = orderStatusIntent;
        this.intents = intents;
        this.orders = orders;
    }

    /**
     * One stored message of the conversation being replayed.
     *
     * @param id        message id
     * @param author    {@code customer}, {@code assistant}, {@code agent} or {@code system}
     * @param text      its text
     * @param vector    customer messages: the embedding (unit length)
     * @param sentiment customer messages: the sentiment the live classifier gives it
     * @param replayed  whether its outcome is wanted (the message is in the replayed period)
     */
    record Turn(UUID id, String author, String text, @Nullable float[] vector, @Nullable Sentiment sentiment, boolean replayed) {
    }

    /**
     * @param storeId          the store (for its orders)
     * @param contactEmail     the conversation's contact email, or {@code null}
     * @param thread           the conversation's messages in time order
     * @param faq              the knowledge base under test
     * @param assistantEnabled the store's assistant switch under test
     * @return the outcome of every replayed customer message, by message id
     */
    Map<UUID, Outcome> run(UUID storeId, @Nullable String contactEmail, List<Turn> thread, SandboxFaq faq, boolean assistantEnabled) {
        Map<UUID, Outcome> out = new HashMap<>();
        boolean escalated = false;
        boolean person = false;
        String state = "idle";
        int silences = 0;
        String email = contactEmail;
        List<Sentiment> earlier = new ArrayList<>();
        for (Turn t : thread) {
            switch (t.author()) {
                case "agent" -> person = true;
                case "system" -> {
                    if (t.text().startsWith("Conversation resolved") || t.text().startsWith("Conversation closed")) {
                        escalated = false;
                        state = "idle";
                        silences = 0;
                    }
                }
                case "customer" -> {
                    Outcome o;
                    OrderReference reference = OrderReference.find(t.text(), !"idle".equals(state));
                    if (reference.email() != null && email == null) {
                        email = reference.email();
                    }
                    String orderEmail = reference.email() != null ? reference.email() : email;
                    Optional<EscalationSignal> signal = t.vector() != null ? intents.read(t.text(), t.vector()).signal()
                            : EscalationSignal.detect(t.text());
                    if (signal.isEmpty() && t.sentiment() == Sentiment.negative
                            && earlier.subList(Math.max(0, earlier.size() - 2), earlier.size()).contains(Sentiment.negative)) {
                        signal = Optional.of(new EscalationSignal("negative_sentiment", "general", false));
                    }
                    if (escalated || person) {
                        o = Outcome.of("person", escalated ? "escalated" : "agent_replied");
                    } else if (signal.isPresent()) {
                        o = Outcome.of("escalated", signal.get().reason());
                        escalated = true;
                        state = "idle";
                        silences = 0;
                    } else if (!assistantEnabled) {
                        o = Outcome.of("silent", "assistant_off");
                    } else if (t.vector() != null && orderStatusIntent.matches(t.text(), t.vector()) || !"idle".equals(state) && !reference.isEmpty()) {
                        String[] result = orderLookup(storeId, state, reference, orderEmail);
                        o = Outcome.of("order_status", result[0]);
                        state = result[1];
                        silences = 0;
                    } else {
                        Optional<dev.handoff.app.knowledge.FaqItem> item = t.vector() == null ? Optional.empty() : faq.answer(t.text(), t.vector());
                        if (item.isPresent()) {
                            o = new Outcome("answered", item.get().id(), item.get().question(), null);
                            state = "idle";
                            silences = 0;
                        } else if (AssistantTurn.isSmallTalk(t.text())) {
                            o = Outcome.of("no_answer_needed", null);
                        } else if (++silences >= 2) {
                            o = Outcome.of("escalated", "unanswered");
                            escalated = true;
                            state = "idle";
                            silences = 0;
                        } else {
                            o = Outcome.of("silent", null);
                        }
                    }
                    if (t.sentiment() != null) {
                        earlier.add(t.sentiment());
                    }
                    if (t.replayed()) {
                        out.put(t.id(), o);
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    /** The live turn's order lookup, read-only. @return {reason, next state} */
    private String[] orderLookup(UUID storeId, String state, OrderReference reference, @Nullable String email) {
        String number = reference.orderNumber();
        if (number == null && state.startsWith(AWAITING_EMAIL)) {
            number = state.substring(AWAITING_EMAIL.length());
        }
        if (number != null) {
            Optional<ShopifyOrder> order = orders.findByNumber(storeId, number);
            if (order.isEmpty()) {
                return new String[] {"not_found", "awaiting_order_reference"};
            }
            ShopifyOrder o = order.get();
            if (email != null && o.email() != null && o.email().equalsIgnoreCase(email)) {
                return new String[] {"details", "idle"};
            }
            return new String[] {reference.email() != null ? "email_mismatch" : "status_only", AWAITING_EMAIL + o.orderNumber()};
        }
        if (email != null) {
            return orders.findByEmail(storeId, email, 1).isEmpty() ? new String[] {"no_orders_for_email", "awaiting_order_reference"}
                    : new String[] {"details", "idle"};
        }
        return new String[] {"asked_for_reference", "awaiting_order_reference"};
    }
}
