package dev.handoff.app.assistant;

import dev.handoff.app.automation.Notices;
import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.commerce.OrderSource;
import dev.handoff.app.commerce.ShopifyOrder;
import dev.handoff.app.conversation.AnswerSource;
import dev.handoff.app.conversation.Attachment;
import dev.handoff.app.conversation.Attachments;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.AssistantBookkeeping;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.ConversationLifecycle;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.ConversationStatus;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.conversation.NewMessage;
import dev.handoff.app.drafts.DraftService;
import dev.handoff.app.conversation.Sentiment;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.knowledge.PhrasingSuggestions;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.assistant.faq.FaqDecider;
import dev.handoff.app.assistant.faq.FaqDecision;
import dev.handoff.app.assistant.faq.FaqGateSettings;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.store.StoreService;
import dev.handoff.app.tickets.Escalation;
import dev.handoff.app.tickets.Ticket;
import dev.handoff.app.tickets.TicketService;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import io.micronaut.transaction.TransactionOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The assistant's turn on one customer message, run once after the message is stored (see
 * {@link AssistantQueue} for how it is made durable).
 * In order:
 * <ol>
 *   <li>the message is read ({@link MessageIntents}, {@link SentimentClassifier}, {@link MessageLanguage}): its
 *       intent (rules plus the learned classifier), its sentiment and its language are stored;</li>
 *   <li>on an escalated conversation, or one a person has taken over, the assistant says nothing
 *       (a new signal still updates the open ticket);</li>
 *   <li>with the store's assistant switched off, or outside business hours when it may not answer
 *       then, only escalation runs (its notice says when a person will answer);</li>
 *   <li>an escalation signal (person requested, complaint or repeated contact, damaged/missing/wrong item,
 *       refund, chargeback or billing dispute, cancel request, change of address, negative sentiment twice in
 *       a row) escalates to a ticket;</li>
 *   <li>a message in a language other than English, with no language model configured, goes to a person
 *       (the FAQ and the intents are English: it is never answered from an unrelated English item); every
 *       handoff notice is written in the shopper's language ({@link Notices});</li>
 *   <li>an order-status request, or an order number/email the assistant asked for, runs the order lookup —
 *       unless only the learned classifier read order status, no order is named, the shopper does not speak
 *       of their own order ("my", "I"), and the FAQ answers the message or offers close items (then it is
 *       an FAQ question about delivery, not a lookup);</li>
 *   <li>after a "Did you mean …?" question, a choice (the item's question as the quick reply sends it, or
 *       its number) is answered with that item, and the message that led to the question is remembered as
 *       a suggested phrasing of it: learned once a shopper on another network makes the same choice for the
 *       same question, or the merchant accepts it ({@link PhrasingSuggestions});</li>
 *   <li>the FAQ decision ({@link FaqDecider}, a pure function of the message, the store's FAQ view and
 *       {@link FaqGateSettings}): answer by quoting the top item, ask which of two or three close items the
 *       shopper means (quick replies in the widget), or stay silent;</li>
 *   <li>when silent, the second unanswered message in a row escalates.</li>
 * </ol>
 * With a language model configured ({@link AssistantModel}): its structured escalation decision joins
 * the offline signals (an offline signal wins; the model names the category when the offline one is
 * {@code general}); whenever retrieval is plausible (up to five items scoring at least
 * {@link dev.handoff.app.assistant.faq.FaqGate#modelScore} before the hubness correction, a wider band than the
 * offline answer) the
 * model sees those items and the last ten messages and decides in one structured call: answer citing
 * items, ask which item the shopper means, or decline (silence). Its answer is checked by
 * {@link Guardrails}; a failed check, call or timeout takes the offline path. Escalation summaries are
 * written by the model afterwards ({@link ModelSummaries}). Model calls happen before the turn's
 * transaction ({@link Advice}), so a slow model holds no connection.
  * Every reply goes through {@link DraftService#reply}: sent at once on the widget, a draft for an
 * agent's review on email.
 */
@Singleton
public class AssistantTurn {

    private static final Logger LOG = LoggerFactory.getLogger(AssistantTurn.class);
    /** Greetings, thanks and acknowledgements: no answer needed, and not counted as unanswered. */
    private static final Pattern SMALL_TALK = Pattern.compile(
            "^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|thanks?(?: you)?(?: so much| a lot)?|thx|ty|ok(?:ay)?|cool|great|perfect|got it|bye|goodbye|cheers)\\b[\\s!.,:)]*(?:there|again)?[\\s!.]*$");
    static final String STATE_AWAITING_EMAIL = "awaiting_order_email:";
    /** After a high-stakes handoff without an order: the assistant asked once for the order number (and a photo). */
    static final String STATE_AWAITING_TICKET_DETAILS = "awaiting_ticket_details";
    /** After a "Did you mean …?" question: {@code awaiting_faq_choice:<message id>:<item id>,<item id>…}. */
    static final String STATE_AWAITING_CHOICE = "awaiting_faq_choice:";
    /** The first line of a "Did you mean …?" question; each offered item's question follows on a line of its own. */
    public static final String CLARIFY_LEAD = "Did you mean one of these?";
    /** What starts each offered question's line. */
    public static final String CLARIFY_BULLET = "• ";
    /** Escalation reasons that put money or goods at stake (higher ticket priority). */
    private static final java.util.Set<String> HIGH_STAKES = java.util.Set.of("damaged_item", "missing_package", "wrong_item",
            "refund_request", "billing_dispute", "chargeback");

    private final ConversationLookup lookup;
    private final Contacts contacts;
    private final ConversationLifecycle lifecycle;
    private final AssistantBookkeeping bookkeeping;
    private final KnowledgeService knowledge;
    private final OrderSource orders;
    private final TicketService tickets;
    private final EmbeddingService embeddings;
    private final MessageIntents intents;
    private final SentimentClassifier sentimentClassifier;
    private final MessageLanguage languages;
    private final ClassifierVectors classifierVectors;
    private final Clock clock;
    private final JobScheduler jobs;
    private final FaqGateSettings gate;
    private final AssistantModel model;
    private final StoreService stores;
    private final SettingsService settings;
    private final ModelSummaries summaries;
    private final TransactionOperations<Connection> transactions;

    private final DraftService replies;
    private final Attachments attachments;
    private final PhrasingSuggestions suggestions;

    AssistantTurn(ConversationLookup lookup, Contacts contacts, ConversationLifecycle lifecycle,
                  AssistantBookkeeping bookkeeping, KnowledgeService knowledge, OrderSource orders, TicketService tickets,
                  EmbeddingService embeddings, MessageIntents intents, SentimentClassifier sentimentClassifier,
                  MessageLanguage languages, ClassifierVectors classifierVectors,
                  Clock clock, JobScheduler jobs, FaqGateSettings gate,
                  AssistantModel model, StoreService stores, SettingsService settings, ModelSummaries summaries,
                  TransactionOperations<Connection> transactions, DraftService replies, Attachments attachments,
                  PhrasingSuggestions suggestions) {
        this.replies = replies;
        this.suggestions = suggestions;
        this.attachments = attachments;
        this.summaries = summaries;
        this.transactions = transactions;
        this.settings = settings;
        this.model = model;
        this.stores = stores;
        this.lookup = lookup;
        this.contacts = contacts;
        this.lifecycle = lifecycle;
        this.bookkeeping = bookkeeping;
        this.knowledge = knowledge;
        this.orders = orders;
        this.tickets = tickets;
        this.embeddings = embeddings;
        this.intents = intents;
        this.languages = languages;
        this.classifierVectors = classifierVectors;
        this.sentimentClassifier = sentimentClassifier;
        this.clock = clock;
        this.jobs = jobs;
        this.gate = gate;
    }

    /**
     * Runs the turn for a stored customer message if its job is still waiting, claiming the job in the
     * turn's transaction (the in-memory path of {@link AssistantQueue}); otherwise does nothing.
     *
     * @param messageId the customer message
     */
    public void runClaimed(UUID messageId) {
        // with a model, advice (model calls) comes before the claim: not for a job the scheduler already runs (this
        // node fell behind by the safety delay) or that ran; offline the claim below comes before any work
        if (model.configured() && !transactions.executeRead(status -> jobs.waiting(AssistantJobs.TASK, messageId.toString()))) {
            return;
        }
        Advice advice = advise(messageId);
        transactions.executeWrite(status -> {
            if (jobs.claim(AssistantJobs.TASK, messageId.toString())) {
                turn(messageId, advice);
            }
            return null;
        });
    }

    /**
     * Runs the turn for a stored customer message (the job's path); other authors and unknown ids are ignored.
     *
     * @param messageId the customer message
     */
    public void run(UUID messageId) {
        Advice advice = advise(messageId);
        transactions.executeWrite(status -> {
            turn(messageId, advice);
            return null;
        });
    }

    /**
     * What the language model says about a message, asked before the turn's transaction so that a slow
     * model never holds a database connection: its escalation decision (when no offline signal fires)
     * and, when retrieval is plausible, its reply from the plausible items. The turn uses the reply only
     * if its own reading agrees (same items); otherwise it takes the offline path.
     *
     * @param vector    the message's embedding, or {@code null} (then the turn computes it)
     * @param decision  the model's decision, or empty
     * @param sourceIds the FAQ items the model was shown
     * @param reply     the model's reply, or empty
     */
    record Advice(@Nullable float[] vector, Optional<AssistantModel.Decision> decision, List<String> sourceIds,
                  Optional<AssistantModel.Reply> reply) {
        static final Advice NONE = new Advice(null, Optional.empty(), List.of(), Optional.empty());
    }

    /**
     * What the offline readers make of a message: its language, its intents (rules and classifier) and
     * its sentiment. A message in a language other than English is not read by the English intents
     * (a person or the language model handles it).
     */
    private record Reading(@Nullable String language, MessageIntents.Reading intents, SentimentClassifier.Result sentiment) {
        boolean foreign() {
            return MessageLanguage.foreign(language);
        }

        Optional<EscalationSignal> signal() {
            return foreign() ? Optional.empty() : intents.signal();
        }

        boolean orderStatus() {
            return !foreign() && intents.orderStatus();
        }
    }

    private Reading read(String text, float[] vector) {
        // the words inside an email or web address are no one's language ("me@nowhere.com"); the intent and sentiment
        // readings leave addresses out themselves
        String words = ShopperText.withoutAddresses(text);
        float[] local = classifierVectors.of(words, vector);
        return new Reading(languages.detect(words), intents.read(text, local), sentimentClassifier.classify(text, local));
    }

    private Advice advise(UUID messageId) {
        if (!model.configured()) {
            return Advice.NONE;
        }
        Optional<Context> read = transactions.executeRead(status -> lookup.findMessage(messageId)
                .filter(m -> m.author() == Author.customer)
                .map(m -> {
                    Conversation c = lookup.find(m.conversationId()).orElseThrow();
                    return new Context(m, c, earlierMessages(c, m), storeName(c));
                }));
        if (read.isEmpty()) {
            return Advice.NONE;
        }
        String text = read.get().message().bodyText();
        Conversation conversation = read.get().conversation();
        List<Message> earlier = read.get().earlier();
        String store = read.get().storeName();
        float[] vector = embeddings.embed(ShopperText.core(text));
        if (conversation.status() == ConversationStatus.escalated || conversation.assigneeId() != null) {
            return new Advice(vector, Optional.empty(), List.of(), Optional.empty());
        }
        Reading reading = read(text, vector);
        // an offline signal decides the escalation; the model is still asked when that signal knows the
        // reason but not the topic (category "general"), so the ticket is filed where it belongs
        Optional<AssistantModel.Decision> decision = reading.signal().filter(s -> !Ticket.GENERAL.equals(s.category())).isPresent()
                ? Optional.empty() : model.decide(conversation.storeId(), conversation.id(), store, turns(earlier), text);
        boolean escalates = decision.map(d -> d.escalate() && !"none".equals(d.reason())).orElse(false);
        if (escalates || reading.orderStatus()
                || !transactions.executeRead(status -> settings.assistantMayAnswer(conversation.storeId()))) {
            return new Advice(vector, decision, List.of(), Optional.empty());
        }
        List<ModelPrompts.Source> sources = transactions.executeRead(status ->
                sources(decideFaq(conversation.storeId(), text, vector)));
        if (sources.isEmpty()) {
            return new Advice(vector, decision, List.of(), Optional.empty());
        }
        return new Advice(vector, decision, sources.stream().map(ModelPrompts.Source::id).toList(),
                model.reply(conversation.storeId(), conversation.id(), store, sources, turns(earlier), text));
    }

    /** What {@link #advise} reads, in one read-only transaction. */
    private record Context(Message message, Conversation conversation, List<Message> earlier, String storeName) {
    }

    /**
     * The assistant's FAQ decision on a message, with no side effects ({@link FaqDecider} over the store's
     * index view and the configured gate).
     *
     * @param storeId the store
     * @param text    the shopper's message (its keywords are read without its close and signature: {@link ShopperText#core})
     * @param vector  the embedding of its {@link ShopperText#core}
     * @return the decision
     */
    public FaqDecision decideFaq(UUID storeId, String text, float[] vector) {
        return FaqDecider.decide(ShopperText.core(text), vector, knowledge.view(storeId), gate.gate());
    }

    /** @return the items a model may use: the plausible ones of the decision, with their text */
    private List<ModelPrompts.Source> sources(FaqDecision faq) {
        Map<UUID, FaqItem> items = knowledge.itemsById(faq.plausible().stream().map(FaqDecision.Scored::itemId).toList());
        return faq.plausible().stream().map(s -> items.get(s.itemId())).filter(java.util.Objects::nonNull)
                .map(i -> new ModelPrompts.Source(i.id().toString(), i.question(), i.answer())).toList();
    }


    private void turn(UUID messageId, Advice advice) {
        Optional<Message> found = lookup.findMessage(messageId);
        if (found.isEmpty() || found.get().author() != Author.customer) {
            return;
        }
        Message message = found.get();
        // the conversation's turns one at a time, on every node and on the job path: each reads what the last stored
        Conversation conversation = lookup.lock(message.conversationId()).orElseThrow();
        String text = message.bodyText();
        // read by what it says, without its close and signature ("…? Thanks, Maya")
        float[] vector = advice.vector() != null ? advice.vector() : embeddings.embed(ShopperText.core(text));
        Reading reading = read(text, vector);
        SentimentClassifier.Result sentiment = reading.sentiment();
        // the conversation's class (its trend): what the inbox row and the ticket show
        Sentiment mood = Sentiment.ofScore(bookkeeping.recordAnalysis(message, sentiment.sentiment(), sentiment.score(), vector,
                reading.language()));
        String language = reading.language();

        Contact contact = contacts.contactOf(conversation);
        boolean choosing = conversation.assistantState().startsWith(STATE_AWAITING_CHOICE);
        boolean awaiting = !Conversation.IDLE.equals(conversation.assistantState()) && !choosing;
        OrderReference reference = OrderReference.find(text, awaiting);
        if (reference.email() != null && contact.email() == null) {
            contacts.rememberEmail(conversation, reference.email());
        }
        // the email the shopper gives for this order wins over the one of the pre-chat form
        String email = reference.email() != null ? reference.email() : contact.email();
        Optional<EscalationSignal> signal = reading.signal()
                .or(() -> persistentNegative(conversation, message, sentiment.sentiment()));
        Optional<AssistantModel.Decision> modelEscalates = advice.decision().filter(d -> d.escalate() && !"none".equals(d.reason()));
        if (signal.isEmpty()) {
            signal = modelEscalates.map(d -> new EscalationSignal(d.reason(), d.category(), HIGH_STAKES.contains(d.reason())));
        } else if (Ticket.GENERAL.equals(signal.get().category()) && modelEscalates.isPresent()
                && !Ticket.GENERAL.equals(modelEscalates.get().category())) {
            // the offline reason stands; the model names the topic the offline reading could not
            signal = Optional.of(new EscalationSignal(signal.get().reason(), modelEscalates.get().category(), signal.get().highStakes()));
        }

        if (conversation.status() == ConversationStatus.escalated || conversation.assigneeId() != null) {
            if (signal.isPresent()) {
                escalate(conversation, signal.get(), sentiment.sentiment(), mood, text, orderName(conversation, reference), false, language);
            } else if (STATE_AWAITING_TICKET_DETAILS.equals(conversation.assistantState())) {
                fileTicketDetails(conversation, message, reference, sentiment.sentiment(), mood);
            }
            return;
        }
        // a click on a "Did you mean …?" choice sends the merchant's own question: it is answered, whatever
        // the intents or the sentiment of those words
        if (choosing && settings.assistantMayAnswer(conversation.storeId())
                && answerChoice(conversation, text)) {
            return;
        }
        FaqDecision faq = null;
        // a refund, goods or charges reading set aside for a policy question: it stands unless the answer goes out
        Optional<EscalationSignal> setAside = Optional.empty();
        // faqFirst on a signal means the classifier's own reading, which no other signal replaced
        if (signal.isPresent() && reading.signal().isPresent() && reading.intents().faqFirst() && reference.isEmpty()
                && settings.assistantMayAnswer(conversation.storeId())) {
            // "how do I cancel an order?", "do you refund the shipping cost?": when the FAQ says how, it answers; with
            // nothing to say (for refunds, goods and charges: without an outright answer), a person does
            FaqDecision asked = decideFaq(conversation.storeId(), text, vector);
            if (asked.outcome() == FaqDecision.Outcome.answer
                    || asked.outcome() != FaqDecision.Outcome.silent && !reading.intents().faqMustAnswer()) {
                setAside = reading.intents().faqMustAnswer() ? signal : Optional.empty();
                signal = Optional.empty();
                faq = asked;
            }
        }
        if (signal.isPresent()) {
            escalate(conversation, signal.get(), sentiment.sentiment(), mood, text, orderName(conversation, reference), true, language);
            return;
        }
        if (reading.foreign() && !model.configured()) {
            // offline, the intents are English and an English item is never quoted: an item the merchant wrote in the
            // shopper's language answers; anything else a person answers, told in the shopper's language
            if (settings.assistantMayAnswer(conversation.storeId())) {
                FaqDecision own = decideFaq(conversation.storeId(), text, vector);
                FaqItem item = quotable(conversation.storeId(), own, language, text);
                if (item != null) {
                    answerWith(conversation, item);
                    return;
                }
            }
            escalate(conversation, new EscalationSignal("other_language", "general", false), sentiment.sentiment(), mood, text,
                    orderName(conversation, reference), true, language);
            return;
        }
        if (!settings.assistantMayAnswer(conversation.storeId())) {
            return;
        }
        if (reading.orderStatus() && reading.intents().faqFirst() && reference.isEmpty() && !awaiting) {
            // only the classifier says order status, no order is named and the shopper does not speak of
            // their own ("information about the delivery period"): when the FAQ answers it or offers close
            // items, it is an FAQ question about delivery, not a lookup
            faq = decideFaq(conversation.storeId(), text, vector);
            if (faq.outcome() == FaqDecision.Outcome.silent) {
                orderStatus(conversation, reference, email);
                return;
            }
        } else if (reading.orderStatus() || awaiting && !reference.isEmpty()) {
            orderStatus(conversation, reference, email);
            return;
        }
        if (faq == null) {
            faq = decideFaq(conversation.storeId(), text, vector);
        }
        ModelAnswer written = modelAnswer(conversation, faq, advice, text, contact);
        if (written.message() != null) {
            replies.reply(conversation, written.message());
            bookkeeping.setAssistantState(conversation.id(), Conversation.IDLE, 0);
            return;
        }
        if (setAside.isPresent() && (written.declined() || written.choices() != null || reading.foreign())) {
            // the model declined the FAQ's answer or asked back, or the answer would not be quoted: a person takes it
            escalate(conversation, setAside.get(), sentiment.sentiment(), mood, text, orderName(conversation, reference), true, language);
            return;
        }
        List<UUID> choices = written.choices() != null ? written.choices()
                : faq.outcome() == FaqDecision.Outcome.clarify ? faq.choices().stream().map(FaqDecision.Scored::itemId).toList() : List.of();
        FaqItem quoted = written.declined() || written.choices() != null ? null : quotable(conversation.storeId(), faq, language, text);
        if (written.declined()) {
            LOG.debug("The model found the FAQ items do not answer: silence");
        } else if (quoted != null) {
            answerWith(conversation, quoted);
            return;
        } else if (reading.foreign()) {
            LOG.debug("No model answer for a message in '{}': an FAQ answer in another language is not quoted", reading.language());
        } else if (choices.size() >= 2) {
            clarify(conversation, message, choices);
            return;
        }
        if (isSmallTalk(text)) {
            return;
        }
        bookkeeping.recordUnanswered(message);
        int unanswered = conversation.unansweredCount() + 1;
        bookkeeping.setAssistantState(conversation.id(), conversation.assistantState(), unanswered);
        if (unanswered >= 2) {
            escalate(conversation, new EscalationSignal("unanswered", "general", false), sentiment.sentiment(), mood, text,
                    orderName(conversation, reference), true, language);
        }
    }

    /**
     * What the model made of the plausible FAQ items.
     *
     * @param message  its answer, or {@code null} when there is none to send (no model, the call failed,
     *                 a guardrail tripped: the offline path decides; or it asked or declined)
     * @param choices  the items it wants the shopper to choose between, or {@code null}
     * @param declined the model said the items do not answer the message
     */
    private record ModelAnswer(@Nullable NewMessage message, @Nullable List<UUID> choices, boolean declined) {
        static final ModelAnswer NONE = new ModelAnswer(null, null, false);
    }

    private ModelAnswer modelAnswer(Conversation conversation, FaqDecision faq, Advice advice, String text, Contact contact) {
        Optional<AssistantModel.Reply> reply = advice.reply();
        if (reply.isEmpty()) {
            return ModelAnswer.NONE;
        }
        List<ModelPrompts.Source> sources = sources(faq);
        if (!advice.sourceIds().equals(sources.stream().map(ModelPrompts.Source::id).toList())) {
            return ModelAnswer.NONE;
        }
        switch (reply.get().action()) {
            case "decline" -> {
                return new ModelAnswer(null, null, true);
            }
            case "clarify" -> {
                List<UUID> offered = reply.get().citedItemIds().stream().filter(advice.sourceIds()::contains).distinct()
                        .map(UUID::fromString).limit(3).toList();
                return offered.size() >= 2 ? new ModelAnswer(null, offered, false) : ModelAnswer.NONE;
            }
            case "answer" -> {
                String shopper = lookup.recentMessages(conversation.id(), 20).stream().filter(m -> m.author() == Author.customer)
                        .map(Message::bodyText).reduce(text + "\n" + (contact.email() == null ? "" : contact.email()), (a, b) -> a + "\n" + b);
                Optional<String> violation = Guardrails.check(reply.get().answer(), reply.get().citedItemIds(), sources, shopper);
                if (violation.isPresent()) {
                    LOG.info("Model answer discarded, offline path instead: {}", violation.get());
                    return ModelAnswer.NONE;
                }
                return new ModelAnswer(NewMessage.assistant(reply.get().answer().strip(), AnswerSource.llm,
                        reply.get().citedItemIds().stream().map(UUID::fromString).toList(), null), null, false);
            }
            default -> {
                return ModelAnswer.NONE;
            }
        }
    }

    /**
     * Asks the shopper which item they mean: a message listing the items' questions (the widget shows
     * them as quick replies), citing them in order; the next message may pick one ({@link #answerChoice}).
     */
    private void clarify(Conversation conversation, Message message, List<UUID> itemIds) {
        Map<UUID, FaqItem> items = knowledge.itemsById(itemIds);
        List<FaqItem> offered = itemIds.stream().map(items::get).filter(java.util.Objects::nonNull)
                .filter(i -> i.storeId().equals(conversation.storeId())).toList();
        StringBuilder text = new StringBuilder(CLARIFY_LEAD);
        offered.forEach(i -> text.append("\n").append(CLARIFY_BULLET).append(i.question()));
        replies.reply(conversation, NewMessage.assistant(text.toString(), AnswerSource.clarify, offered.stream().map(FaqItem::id).toList(), null));
        bookkeeping.setAssistantState(conversation.id(), STATE_AWAITING_CHOICE + message.id() + ":"
                + offered.stream().map(i -> i.id().toString()).collect(java.util.stream.Collectors.joining(",")), conversation.unansweredCount());
    }

    /**
     * After a "Did you mean …?" question: when the message picks one of the offered items (its question,
     * as the quick reply sends it, or its number), answers with that item and suggests the message that
     * led to the question as a phrasing of it ({@link PhrasingSuggestions}).
     *
     * @return whether the message was a choice (and was answered)
     */
    private boolean answerChoice(Conversation conversation, String text) {
        String[] parts = conversation.assistantState().substring(STATE_AWAITING_CHOICE.length()).split(":", 2);
        bookkeeping.setAssistantState(conversation.id(), Conversation.IDLE, conversation.unansweredCount());
        if (parts.length < 2) {
            return false;
        }
        List<UUID> ids = java.util.Arrays.stream(parts[1].split(",")).filter(x -> !x.isBlank()).map(UUID::fromString).toList();
        Map<UUID, FaqItem> items = knowledge.itemsById(ids);
        String said = text.strip().replaceAll("[.!?]+$", "").strip();
        FaqItem chosen = null;
        for (int i = 0; i < ids.size(); i++) {
            FaqItem item = items.get(ids.get(i));
            if (item != null && (said.equalsIgnoreCase(item.question().strip().replaceAll("[.!?]+$", "").strip())
                    || said.equals(String.valueOf(i + 1)))) {
                chosen = item;
            }
        }
        if (chosen == null || !chosen.storeId().equals(conversation.storeId())) {
            return false;
        }
        replies.reply(conversation, NewMessage.assistant(chosen.answer(), AnswerSource.faq, List.of(chosen.id()), null));
        bookkeeping.setAssistantState(conversation.id(), Conversation.IDLE, 0);
        UUID askedId = UUID.fromString(parts[0]);
        FaqItem item = chosen;
        lookup.findMessage(askedId).filter(m -> m.conversationId().equals(conversation.id()))
                .ifPresent(asked -> suggestions.suggest(conversation.storeId(), item.id(), conversation.id(), asked.id(), asked.bodyText(), asked.vector()));
        return true;
    }

    private List<Message> earlierMessages(Conversation conversation, Message current) {
        List<Message> recent = lookup.recentMessages(conversation.id(), 11);
        if (recent.stream().noneMatch(m -> m.id().equals(current.id()))) {
            // more than ten messages came after it (a backlog): the ten before it
            List<Message> before = upTo(lookup.messages(conversation.id()), current);
            recent = before.subList(Math.max(0, before.size() - 10), before.size());
        }
        return upTo(recent, current).stream().filter(m -> m.author() != Author.system).toList();
    }

    /** @return the messages of {@code thread} (oldest first) before {@code current}; all of them when it is not there */
    private static List<Message> upTo(List<Message> thread, Message current) {
        for (int i = 0; i < thread.size(); i++) {
            if (thread.get(i).id().equals(current.id())) {
                return thread.subList(0, i);
            }
        }
        return thread;
    }

    private static List<ModelPrompts.Turn> turns(List<Message> messages) {
        return messages.stream().map(m -> new ModelPrompts.Turn(m.author().name(), m.bodyText())).toList();
    }

    private String storeName(Conversation conversation) {
        return stores.nameOf(conversation.storeId());
    }

    /** @return whether the shopper's text is a greeting, thanks or acknowledgement: no answer needed, and not unanswered */
    public static boolean isSmallTalk(String text) {
        return SMALL_TALK.matcher(text.toLowerCase(Locale.ROOT).strip()).matches();
    }

    private void orderStatus(Conversation conversation, OrderReference reference, @Nullable String email) {
        String number = reference.orderNumber();
        if (number == null && conversation.assistantState().startsWith(STATE_AWAITING_EMAIL)) {
            number = conversation.assistantState().substring(STATE_AWAITING_EMAIL.length());
        }
        String reply;
        String state = Conversation.IDLE;
        String orderName = null;
        if (number != null) {
            Optional<ShopifyOrder> order = orders.findByNumber(conversation.storeId(), number);
            if (order.isEmpty()) {
                reply = OrderStatusReply.notFound(number);
                state = Conversation.AWAITING_ORDER_REFERENCE;
            } else {
                ShopifyOrder o = order.get();
                orderName = o.name();
                if (email != null && o.email() != null && o.email().equalsIgnoreCase(email)) {
                    reply = OrderStatusReply.details(o, clock.instant());
                } else if (reference.email() != null) {
                    reply = OrderStatusReply.emailMismatch(o);
                    state = STATE_AWAITING_EMAIL + o.orderNumber();
                } else {
                    reply = OrderStatusReply.statusOnly(o);
                    state = STATE_AWAITING_EMAIL + o.orderNumber();
                }
            }
        } else if (email != null) {
            List<ShopifyOrder> byEmail = orders.findByEmail(conversation.storeId(), email, 3);
            if (byEmail.isEmpty()) {
                reply = OrderStatusReply.noOrdersForEmail();
                state = Conversation.AWAITING_ORDER_REFERENCE;
            } else {
                ShopifyOrder latest = byEmail.get(0);
                orderName = latest.name();
                reply = OrderStatusReply.details(latest, clock.instant());
                if (byEmail.size() > 1) {
                    reply += "\n(That's your most recent order. For another one, just give me its number.)";
                }
            }
        } else {
            reply = OrderStatusReply.askForReference();
            state = Conversation.AWAITING_ORDER_REFERENCE;
        }
        replies.reply(conversation, NewMessage.assistant(reply, AnswerSource.order_status, List.of(), orderName));
        bookkeeping.setAssistantState(conversation.id(), state, 0);
    }

    private Optional<EscalationSignal> persistentNegative(Conversation conversation, Message current, Sentiment sentiment) {
        if (sentiment != Sentiment.negative) {
            return Optional.empty();
        }
        // the shopper's two messages before this one (later ones may be stored already: they are read after it)
        List<Message> before = upTo(lookup.messages(conversation.id()), current).stream()
                .filter(m -> m.author() == Author.customer).toList();
        long negativesBefore = before.stream().skip(Math.max(0, before.size() - 2))
                .filter(m -> m.sentiment() == Sentiment.negative).count();
        return negativesBefore >= 1 ? Optional.of(new EscalationSignal("negative_sentiment", "general", false)) : Optional.empty();
    }

    /**
     * The shopper's answer to the one question asked at a high-stakes handoff: an order number and, for
     * damage, a photo. What arrives is filed on the open ticket (order, summary) and acknowledged once; the
     * assistant does not ask again, and stays silent while a person has the conversation.
     */
    private void fileTicketDetails(Conversation conversation, Message message, OrderReference reference, Sentiment sentiment,
                                   Sentiment mood) {
        Optional<Ticket> open = tickets.ofConversation(conversation.id()).stream()
                .filter(t -> !Ticket.Status.RESOLVED.value().equals(t.status())).reduce((a, b) -> b);
        if (open.isEmpty()) {
            bookkeeping.setAssistantState(conversation.id(), Conversation.IDLE, 0);
            return;
        }
        Ticket t = open.get();
        String orderName = reference.orderNumber() != null ? "#" + reference.orderNumber() : t.orderNumber();
        long photos = attachments.ofConversation(conversation.id()).getOrDefault(message.id(), List.of()).stream()
                .filter(a -> a.contentType().startsWith("image/")).count();
        if (reference.orderNumber() == null && photos == 0) {
            return;
        }
        escalate(conversation, new EscalationSignal(t.escalationReason(), t.category(), true), sentiment, mood, message.bodyText(),
                orderName, false, message.language());
        boolean complete = orderName != null && (photos > 0 || !"damaged_item".equals(t.escalationReason()) || hasPhoto(conversation));
        bookkeeping.setAssistantState(conversation.id(), complete ? Conversation.IDLE : STATE_AWAITING_TICKET_DETAILS, 0);
        if (conversation.assigneeId() == null) {
            String filed = reference.orderNumber() != null && photos > 0 ? "order " + orderName + " and your photo"
                    : reference.orderNumber() != null ? "order " + orderName : photos == 1 ? "your photo" : "your photos";
            replies.reply(conversation, NewMessage.assistant("Thank you, I've added " + filed + " to ticket #" + t.number()
                    + ", so the team has everything they need.", null, List.of(), orderName));
        }
    }

    private boolean hasPhoto(Conversation conversation) {
        Map<UUID, List<Attachment>> files = attachments.ofConversation(conversation.id());
        return lookup.messages(conversation.id()).stream().filter(m -> m.author() == Author.customer)
                .flatMap(m -> files.getOrDefault(m.id(), List.of()).stream()).anyMatch(a -> a.contentType().startsWith("image/"));
    }

    private void escalate(Conversation conversation, EscalationSignal signal, Sentiment sentiment, Sentiment mood, String text,
                          @Nullable String orderName, boolean tellCustomer, @Nullable String messageLanguage) {
        String language = messageLanguage;
        ShopifyOrder order = orderName == null ? null
                : orders.findByNumber(conversation.storeId(), orderName.replaceAll("\\D", "")).orElse(null);
        // what the shopper already sent and what the assistant already told them, for the summary
        Map<UUID, List<Attachment>> files = attachments.ofConversation(conversation.id());
        List<Message> thread = lookup.messages(conversation.id());
        int photos = 0;
        int otherFiles = 0;
        Message assistantSaid = null;
        for (Message m : thread) {
            if (m.author() == Author.customer) {
                for (Attachment a : files.getOrDefault(m.id(), List.of())) {
                    if (a.contentType().startsWith("image/")) {
                        photos++;
                    } else {
                        otherFiles++;
                    }
                }
            } else if (m.author() == Author.assistant && m.source() != null) {
                assistantSaid = m;
            }
        }
        Ticket.Priority priority = signal.highStakes() && sentiment == Sentiment.negative ? Ticket.Priority.urgent
                : signal.highStakes() || sentiment == Sentiment.negative ? Ticket.Priority.high
                : "unanswered".equals(signal.reason()) ? Ticket.Priority.low : Ticket.Priority.medium;
        // a later "let me talk to a person" on a damaged-item ticket keeps the ticket about the damage
        String problem = signal.reason();
        if (!signal.highStakes()) {
            problem = tickets.ofConversation(conversation.id()).stream()
                    .filter(t -> !Ticket.Status.RESOLVED.value().equals(t.status()) && HIGH_STAKES.contains(t.escalationReason()))
                    .map(Ticket::escalationReason).reduce((x, y) -> y).orElse(problem);
        }
        // the summary's mood is the conversation's class, the one the ticket and the inbox row show
        String summary = TicketSummary.write(problem, order != null ? order.name() : orderName, order, mood, text,
                clock.instant(), photos, otherFiles, assistantSaid == null ? null : assistantReply(assistantSaid));
        if (model.configured()) {
            summaries.request(conversation.id(), ModelSummaries.Kind.escalation);
        }
        Ticket ticket = tickets.escalate(new Escalation(conversation.storeId(), conversation.id(), signal.reason(), priority,
                signal.category(), summary, order != null ? order.name() : orderName, mood.name()));
        lifecycle.setStatus(conversation.id(), ConversationStatus.escalated);
        // a problem with goods or money needs the order (and, for damage, a photo): asked for once, here
        boolean askOrder = tellCustomer && signal.highStakes() && orderName == null;
        boolean askPhoto = tellCustomer && "damaged_item".equals(signal.reason()) && photos == 0;
        if (tellCustomer) {
            bookkeeping.setAssistantState(conversation.id(), askOrder || askPhoto ? STATE_AWAITING_TICKET_DETAILS : Conversation.IDLE, 0);
        }
        if (tellCustomer) {
            language = language != null ? language : conversationLanguage(conversation);
            // the one question asked at a high-stakes handoff is English only; in another language a person asks
            String ask = !"en".equals(Notices.supported(language)) ? ""
                    : askOrder && askPhoto ? " To save time, please send your order number and a photo of the damage here."
                    : askOrder ? " To save time, please send your order number here."
                    : askPhoto ? " To save time, please send a photo of the damage here." : "";
            replies.reply(conversation, NewMessage.assistant(
                    Notices.handoff(language, ticket.number()) + " "
                            + settings.availability(conversation.storeId(), language).expectedResponse() + ask, null, List.of(),
                    order != null ? order.name() : orderName));
        }
        LOG.debug("Conversation {} escalated: {}", conversation.id(), signal.reason());
    }

    /**
     * @return the item the FAQ decision answers with, when it may be quoted to {@code text}, a message in {@code language}
     *         ({@link MessageLanguage#answersOffline}); {@code null} when the decision does not answer or it may not
     */
    private @Nullable FaqItem quotable(UUID storeId, FaqDecision faq, @Nullable String language, String text) {
        if (faq.outcome() != FaqDecision.Outcome.answer) {
            return null;
        }
        FaqItem item = knowledge.item(storeId, faq.answer().itemId());
        return languages.answersOffline(language, text, item.question(), item.answer()) ? item : null;
    }

    private void answerWith(Conversation conversation, FaqItem item) {
        replies.reply(conversation, NewMessage.assistant(item.answer(), AnswerSource.faq, List.of(item.id()), null));
        bookkeeping.setAssistantState(conversation.id(), Conversation.IDLE, 0);
    }

    /** @return an assistant message as the ticket summary tells it, with the questions of the FAQ items it cited */
    private TicketSummary.AssistantReply assistantReply(Message m) {
        List<UUID> cited = m.citedFaqIds() == null || m.citedFaqIds().isBlank() ? List.of()
                : java.util.Arrays.stream(m.citedFaqIds().split(",")).map(String::strip).map(UUID::fromString).toList();
        Map<UUID, FaqItem> items = knowledge.itemsById(cited);
        return new TicketSummary.AssistantReply(m.source(), m.bodyText(),
                cited.stream().map(items::get).filter(java.util.Objects::nonNull).map(FaqItem::question).toList());
    }

    /** @return the language of the conversation's latest customer message whose language was detected, or {@code null} */
    private @Nullable String conversationLanguage(Conversation conversation) {
        List<Message> thread = lookup.messages(conversation.id());
        for (int i = thread.size() - 1; i >= 0; i--) {
            if (thread.get(i).author() == Author.customer && thread.get(i).language() != null) {
                return thread.get(i).language();
            }
        }
        return null;
    }

    /**
     * @return the order this conversation is about: named in this message, awaited from an earlier turn,
     *         looked up earlier, or named in an earlier customer message; {@code null} when none
     */
    private String orderName(Conversation conversation, OrderReference reference) {
        if (reference.orderNumber() != null) {
            return "#" + reference.orderNumber();
        }
        String state = conversation.assistantState();
        if (state.startsWith(STATE_AWAITING_EMAIL)) {
            return "#" + state.substring(STATE_AWAITING_EMAIL.length());
        }
        List<Message> thread = lookup.messages(conversation.id());
        for (int i = thread.size() - 1; i >= 0; i--) {
            Message m = thread.get(i);
            if (m.orderNumber() != null) {
                return m.orderNumber();
            }
            String named = m.author() == Author.customer ? OrderReference.find(m.bodyText(), false).orderNumber() : null;
            if (named != null) {
                return "#" + named;
            }
        }
        return null;
    }
}
