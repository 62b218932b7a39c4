package dev.handoff.app.replay;

import dev.handoff.app.assistant.AssistantTurn;
import dev.handoff.app.assistant.EscalationSignal;
import dev.handoff.app.assistant.MessageLanguage;
import dev.handoff.app.assistant.OrderReference;
import dev.handoff.app.assistant.faq.FaqDecision;
import dev.handoff.app.commerce.OrderService;
import dev.handoff.app.commerce.ShopifyOrder;
import dev.handoff.app.conversation.Sentiment;
import dev.handoff.app.knowledge.FaqItem;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The assistant's turn without side effects, over one stored conversation, for a replay: the live turn's
 * steps ({@link AssistantTurn}) in the same order, with the knowledge base and gate under test. Per
 * shopper message: a person has the conversation (an agent wrote, or it is escalated) → the assistant
 * stays out; after a "Did you mean …?" question, a message that picks an offered item (its question or
 * its number) → that item's answer; a reading the live turn checks against the FAQ first (a how-to question
 * the classifier alone reads as an order change, order status asked in general) → the FAQ decision when it
 * answers or offers items; an escalation signal (the live readers' {@link Reading}, or negative
 * sentiment twice in a row) → escalated; a message in another language without a language model → the answer
 * of an item written in that language when the FAQ decision answers with one, else escalated; the assistant switched off → silent; an order-status request or an awaited order
 * number/email → the order lookup on the store's local order copies ({@link OrderService}, read-only,
 * never Shopify); the live FAQ decision ({@link SandboxFaq#decide}: answer, "Did you mean …?", or
 * nothing); small talk → nothing needed; else silence, and the second silence in a row escalates. The
 * conversation's state (escalated, awaiting an order's email or a choice, silences in a row) is carried
 * from message to message in memory; a resolution starts the assistant afresh. Nothing is written.
 */
@Singleton
class SandboxTurn {

    private static final String AWAITING_EMAIL = "awaiting_order_email:";
    private static final String IDLE = "idle";

    private final OrderService orders;
    private final MessageLanguage languages;

    SandboxTurn(OrderService orders, MessageLanguage languages) {
        this.orders = orders;
        this.languages = languages;
    }

    /**
     * What the live turn's offline readers make of a message (language, intents), read once per replay.
     *
     * @param language    its language ({@link MessageLanguage#detect}), or {@code null}; in another language than English
     *                    the English intents do not read it
     * @param signal      the escalation signal, or {@code null}
     * @param orderStatus whether it asks about an order's status
     * @param faqFirst    whether the FAQ is asked first ({@link dev.handoff.app.assistant.MessageIntents.Reading#faqFirst})
     * @param faqMustAnswer whether only an FAQ answer, not close items offered, replaces the escalation
     *                    ({@link dev.handoff.app.assistant.MessageIntents.Reading#faqMustAnswer})
     */
    record Reading(@Nullable String language, @Nullable EscalationSignal signal, boolean orderStatus, boolean faqFirst, boolean faqMustAnswer) {

        /** @return whether it is written in another language than English */
        boolean foreign() {
            return MessageLanguage.foreign(language);
        }
    }

    /**
     * One stored message of the conversation being replayed.
     *
     * @param id        message id
     * @param author    {@code customer}, {@code assistant}, {@code agent} or {@code system}
     * @param text      its text
     * @param vector    customer messages: the embedding (unit length)
     * @param sentiment customer messages: the sentiment the live classifier gave it
     * @param reading   customer messages: what the readers make of it
     * @param replayed  whether its outcome is wanted (the message is in the replayed period)
     */
    record Turn(UUID id, String author, String text, @Nullable float[] vector, @Nullable Sentiment sentiment,
                @Nullable Reading reading, boolean replayed) {
    }

    /**
     * @param storeId          the store (for its orders)
     * @param contactEmail     the conversation's contact email, or {@code null}
     * @param thread           the conversation's messages in time order
     * @param faq              the knowledge base under test
     * @param assistantEnabled the store's assistant switch under test
     * @param languageModel    whether a language model is configured (then another language is not escalated)
     * @return the outcome of every replayed customer message, by message id
     */
    Map<UUID, Outcome> run(UUID storeId, @Nullable String contactEmail, List<Turn> thread, SandboxFaq faq, boolean assistantEnabled,
                           boolean languageModel) {
        Map<UUID, Outcome> out = new HashMap<>();
        boolean escalated = false;
        boolean person = false;
        String state = IDLE;
        List<Outcome.Choice> offered = List.of();
        int silences = 0;
        String email = contactEmail;
        List<Sentiment> earlier = new ArrayList<>();
        for (Turn t : thread) {
            switch (t.author()) {
                case "agent" -> person = true;
                case "system" -> {
                    if (t.text().startsWith("Conversation resolved") || t.text().startsWith("Conversation closed")) {
                        escalated = false;
                        person = false;
                        state = IDLE;
                        offered = List.of();
                        silences = 0;
                    }
                }
                case "customer" -> {
                    Outcome o;
                    boolean choosing = !offered.isEmpty();
                    boolean awaiting = !IDLE.equals(state);
                    OrderReference reference = OrderReference.find(t.text(), awaiting);
                    if (reference.email() != null && email == null) {
                        email = reference.email();
                    }
                    String orderEmail = reference.email() != null ? reference.email() : email;
                    Reading reading = t.reading() != null ? t.reading() : new Reading(null, EscalationSignal.detect(t.text()).orElse(null), false, false, false);
                    EscalationSignal signal = reading.signal();
                    if (signal == null && t.sentiment() == Sentiment.negative
                            && earlier.subList(Math.max(0, earlier.size() - 2), earlier.size()).contains(Sentiment.negative)) {
                        signal = new EscalationSignal("negative_sentiment", "general", false);
                    }
                    Outcome.Choice chosen = choosing && assistantEnabled ? chosen(t.text(), offered) : null;
                    if (!escalated && !person) {
                        offered = List.of();
                    }
                    FaqDecision early = null;
                    if (!escalated && !person && chosen == null && assistantEnabled && !reading.foreign() && reading.faqFirst()
                            && t.vector() != null && reference.isEmpty() && (signal != null && signal == reading.signal()
                            || signal == null && reading.orderStatus() && !awaiting)) {
                        // the live turn asks the FAQ first here: a how-to or policy question, or order status in general
                        early = faq.decide(t.text(), t.vector());
                        if (early.outcome() == FaqDecision.Outcome.silent
                                || signal != null && reading.faqMustAnswer() && early.outcome() != FaqDecision.Outcome.answer) {
                            early = null;
                        } else {
                            signal = null;
                        }
                    }
                    if (escalated || person) {
                        o = Outcome.of("person", escalated ? "escalated" : "agent_replied");
                    } else if (chosen != null) {
                        o = Outcome.answered(chosen.faqItemId(), chosen.question(), "choice");
                        silences = 0;
                    } else if (signal != null) {
                        o = Outcome.of("escalated", signal.reason());
                        escalated = true;
                        state = IDLE;
                        silences = 0;
                    } else if (reading.foreign() && !languageModel) {
                        // as live: an item written in the shopper's language answers, else a person does
                        FaqDecision own = assistantEnabled && t.vector() != null ? faq.decide(t.text(), t.vector()) : null;
                        FaqItem item = quotable(faq, own, reading.language(), t.text());
                        if (item != null) {
                            o = Outcome.answered(item.id(), item.question(), own.reason());
                            state = IDLE;
                        } else {
                            o = Outcome.of("escalated", "other_language");
                            escalated = true;
                            state = IDLE;
                        }
                        silences = 0;
                    } else if (!assistantEnabled) {
                        o = Outcome.of("silent", Outcome.ASSISTANT_OFF);
                    } else if (early == null && (reading.orderStatus() || awaiting && !reference.isEmpty())) {
                        String[] result = orderLookup(storeId, state, reference, orderEmail);
                        o = Outcome.of("order_status", result[0]);
                        state = result[1];
                        silences = 0;
                    } else {
                        FaqDecision decision = early != null ? early : t.vector() == null ? null : faq.decide(t.text(), t.vector());
                        if (quotable(faq, decision, reading.language(), t.text()) != null) {
                            o = Outcome.answered(decision.answer().itemId(), decision.answer().question(), decision.reason());
                            state = IDLE;
                            silences = 0;
                        } else if (decision != null && decision.outcome() == FaqDecision.Outcome.clarify && !reading.foreign()) {
                            offered = decision.choices().stream().map(c -> new Outcome.Choice(c.itemId(), c.question())).toList();
                            o = Outcome.clarify(offered, decision.reason());
                            state = IDLE; // the live turn's state now awaits the choice instead
                        } else if (AssistantTurn.isSmallTalk(t.text())) {
                            o = Outcome.of("no_answer_needed", null);
                        } else if (++silences >= 2) {
                            o = Outcome.of("escalated", "unanswered");
                            escalated = true;
                            state = IDLE;
                            silences = 0;
                        } else {
                            o = Outcome.of("silent", decision == null ? null : decision.reason());
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

    /** @return the item the decision answers with when the live turn would quote it to {@code text} in {@code language}, else {@code null} */
    private @Nullable FaqItem quotable(SandboxFaq faq, @Nullable FaqDecision decision, @Nullable String language, String text) {
        if (decision == null || decision.outcome() != FaqDecision.Outcome.answer) {
            return null;
        }
        FaqItem item = faq.item(decision.answer().itemId());
        return item != null && languages.answersOffline(language, text, item.question(), item.answer()) ? item : null;
    }

    /** The live turn's reading of a "Did you mean …?" reply: an offered item's question (as the quick reply sends it) or its number. */
    private static Outcome.Choice chosen(String text, List<Outcome.Choice> offered) {
        String said = text.strip().replaceAll("[.!?]+$", "").strip();
        Outcome.Choice chosen = null;
        for (int i = 0; i < offered.size(); i++) {
            Outcome.Choice c = offered.get(i);
            if (said.equalsIgnoreCase(c.question().strip().replaceAll("[.!?]+$", "").strip()) || said.equals(String.valueOf(i + 1))) {
                chosen = c;
            }
        }
        return chosen;
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
                return new String[] {"details", IDLE};
            }
            return new String[] {reference.email() != null ? "email_mismatch" : "status_only", AWAITING_EMAIL + o.orderNumber()};
        }
        if (email != null) {
            return orders.findByEmail(storeId, email, 1).isEmpty() ? new String[] {"no_orders_for_email", "awaiting_order_reference"}
                    : new String[] {"details", IDLE};
        }
        return new String[] {"asked_for_reference", "awaiting_order_reference"};
    }
}
