package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.Tokens;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The conversation model every channel lands in: contacts, conversations and messages.
 * Storing a message publishes {@link MessageCreated} in the same transaction.
 */
@Singleton
public class ConversationService {

    /** Weight of the newest score in the sentiment trend (exponentially weighted mean). */
    private static final double TREND_WEIGHT = 0.5;

    /** Longest message text accepted, in characters. */
    public static final int MAX_TEXT = 20_000;

    private final ContactRepository contacts;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final NoteRepository notes;
    private final EmailRepository emails;
    private final ApplicationEventPublisher<ConversationResolved> resolved;
    private final ApplicationEventPublisher<ConversationRead> read;
    private final ApplicationEventPublisher<MessageCreated> events;
    private final ApplicationEventPublisher<ConversationChanged> changed;
    private final Clock clock;

    ConversationService(ContactRepository contacts, ConversationRepository conversations, MessageRepository messages,
                        NoteRepository notes, EmailRepository emails, ApplicationEventPublisher<MessageCreated> events,
                        ApplicationEventPublisher<ConversationChanged> changed, ApplicationEventPublisher<ConversationResolved> resolved,
                        ApplicationEventPublisher<ConversationRead> read, Clock clock) {
        this.read = read;
        this.notes = notes;
        this.emails = emails;
        this.resolved = resolved;
        this.contacts = contacts;
        this.conversations = conversations;
        this.messages = messages;
        this.events = events;
        this.changed = changed;
        this.clock = clock;
    }

    /**
     * Finds or creates the contact with this email in the store (emails match case-insensitively);
     * without an email a new anonymous contact is created.
     */
    @Transactional
    public Contact contactFor(UUID storeId, @Nullable String name, @Nullable String email) {
        if (email != null) {
            Optional<Contact> existing = contacts.findByEmail(storeId, email);
            if (existing.isPresent()) {
                if (name != null) {
                    contacts.setNameIfMissing(existing.get().id(), name);
                }
                return existing.get();
            }
        }
        return contacts.save(new Contact(UUID.randomUUID(), storeId, name, email, clock.instant()));
    }

    /**
     * Opens a conversation.
     *
     * @param visitorToken widget conversations: the visitor's token (only its hash is stored); else {@code null}
     */
    @Transactional
    public Conversation open(UUID storeId, String channel, Contact contact, @Nullable String visitorToken) {
        Instant now = clock.instant();
        return conversations.save(new Conversation(UUID.randomUUID(), storeId, channel, contact.id(),
                ConversationStatus.pending, 0, null, "", null,
                visitorToken == null ? null : Tokens.hash(visitorToken), Conversation.IDLE, 0, now, now, 0, null, null, null, 0));
    }

    /**
     * The conversation a widget visitor may see.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 401 without a token, 404 for an unknown id or a wrong token
     */
    public Conversation requireVisitorConversation(UUID conversationId, @Nullable String visitorToken) {
        if (visitorToken == null || visitorToken.isBlank()) {
            throw Problems.unauthorized("Missing X-Visitor-Token");
        }
        return conversations.findById(conversationId)
                .filter(c -> Tokens.matches(visitorToken, c.visitorTokenHash()))
                .orElseThrow(() -> Problems.notFound("Conversation"));
    }

    /** @return the store's conversation; 404 problem when it belongs to no such store */
    public Conversation require(UUID storeId, UUID conversationId) {
        return conversations.findByIdAndStoreId(conversationId, storeId).orElseThrow(() -> Problems.notFound("Conversation"));
    }

    /**
     * Reads a conversation with its contact and messages from one consistent snapshot (PostgreSQL
     * REPEATABLE READ), so the status and the thread never disagree while a turn commits.
     *
     * @return the conversation's detail; 404 problem when it is not the store's
     */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true,
            isolation = io.micronaut.transaction.TransactionDefinition.Isolation.REPEATABLE_READ)
    public ConversationDetail detail(UUID storeId, UUID conversationId) {
        Conversation c = require(storeId, conversationId);
        // email records come with email conversations only
        boolean widget = c.channel().equals("widget");
        Map<UUID, EmailRecord> email = widget ? Map.of()
                : emails.findByConversationId(c.id()).stream().collect(Collectors.toMap(EmailRecord::messageId, e -> e));
        Map<UUID, List<Attachment>> files = attachmentsOf(c.id());
        List<MessageView> thread = messages(c.id()).stream()
                .map(m -> MessageView.of(m, email.get(m.id()), files.getOrDefault(m.id(), List.of()))).toList();
        MessageView last = thread.isEmpty() ? null : thread.get(thread.size() - 1);
        return new ConversationDetail(ConversationSummary.of(c, contactOf(c), last), thread, notes.findByConversationIdOrderByCreatedAt(c.id()));
    }

    /** @return the thread, oldest first, with each message's attachments (no email records: the shopper's widget view) */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public List<MessageView> thread(UUID conversationId) {
        Map<UUID, List<Attachment>> files = attachmentsOf(conversationId);
        return messages(conversationId).stream().map(m -> MessageView.of(m, null, files.getOrDefault(m.id(), List.of()))).toList();
    }

    /** @return the view of a stored message with its attachments (no email record) */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public MessageView viewWithAttachments(Message m) {
        return MessageView.of(m, null, attachmentsOf(m.conversationId()).getOrDefault(m.id(), List.of()));
    }

    private Map<UUID, List<Attachment>> attachmentsOf(UUID conversationId) {
        return emails.attachmentsOfConversation(conversationId).stream().collect(Collectors.groupingBy(Attachment::messageId));
    }

    /** @return the conversation with this id, whatever its store (jobs only) */
    public Optional<Conversation> find(UUID conversationId) {
        return conversations.findById(conversationId);
    }

    /** @return the contact of a conversation */
    public Contact contactOf(Conversation conversation) {
        return contacts.findById(conversation.contactId()).orElseThrow(() -> Problems.notFound("Contact"));
    }

    /**
     * Records an email an anonymous shopper typed in a message: when the store already has a contact
     * with that email the conversation moves to that contact (one contact per email across
     * channels); otherwise the anonymous contact gets the email.
     */
    @Transactional
    public void rememberEmail(Conversation conversation, String email) {
        Optional<Contact> known = contacts.findByEmail(conversation.storeId(), email);
        if (known.isPresent()) {
            if (!known.get().id().equals(conversation.contactId())) {
                conversations.updateContact(conversation.id(), known.get().id());
            }
        } else {
            contacts.setEmailIfMissing(conversation.contactId(), email);
        }
        changed.publishEvent(new ConversationChanged(conversation.id()));
    }

    /**
     * Appends a message. A customer message reopens a resolved or cancelled conversation and counts as
     * unread. With an idempotency key or provider message id already stored in this conversation,
     * nothing is written and the stored message is returned with {@code created = false}.
     */
    @Transactional
    public Appended append(Conversation conversation, NewMessage m) {
        return append(conversation, m, List.of());
    }

    /**
     * Appends a message with files (a shopper's photo, an agent's upload, an email's attachments), stored
     * with it in one transaction; the {@link MessageCreated} event carries their metadata.
     */
    @Transactional
    public Appended append(Conversation conversation, NewMessage m, List<dev.handoff.channels.spi.InboundMessage.Attachment> files) {
        if (m.idempotencyKey() != null) {
            Optional<Message> existing = messages.findByConversationIdAndIdempotencyKey(conversation.id(), m.idempotencyKey());
            if (existing.isPresent()) {
                return new Appended(existing.get(), false);
            }
        }
        Instant now = clock.instant();
        Instant written = m.writtenAt() != null && m.writtenAt().isBefore(now) ? m.writtenAt() : now;
        String cited = m.citedFaqIds().stream().map(UUID::toString).collect(Collectors.joining(","));
        Message saved = messages.save(new Message(UUID.randomUUID(), conversation.storeId(), conversation.id(), m.author(),
                m.agentId(), m.text(), m.html(), m.providerMessageId(), m.idempotencyKey(), null, null, m.source(),
                cited, m.orderNumber(), written, null));
        boolean customer = m.author() == Author.customer;
        conversations.touch(conversation.id(), now, customer ? 1 : 0, customer, m.author() == Author.assistant || m.author() == Author.agent);
        List<Attachment> stored = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            var a = files.get(i);
            Attachment row = new Attachment(UUID.randomUUID(), conversation.storeId(), saved.id(), i, a.filename(), a.contentType(),
                    a.contentId(), a.content().length, a.content());
            emails.insertAttachment(row.id(), row.storeId(), row.messageId(), i, row.filename(), row.contentType(), row.contentId(),
                    row.sizeBytes(), row.content());
            stored.add(row);
        }
        events.publishEvent(new MessageCreated(conversation.storeId(), MessageView.of(saved, null, stored)));
        changed.publishEvent(new ConversationChanged(conversation.id()));
        return new Appended(saved, true);
    }

    /** @return whether an inbound email with this dedupe key ({@link EmailRecord#dedupeKey()}) is stored in the store */
    public boolean emailStored(UUID storeId, String dedupeKey) {
        return emails.inboundExists(storeId, dedupeKey);
    }

    /**
     * Finds the conversation an inbound email continues, among the sender's own conversations only (two
     * shoppers answering the same newsletter never share one): the provider's thread first, then the
     * In-Reply-To ids, then the References ids newest first (RFC 5322 §3.6.4), against every stored
     * Message-ID, inbound and outbound. Never by subject.
     *
     * @return the conversation, or empty when the email starts a new one
     */
    public Optional<Conversation> emailThread(UUID storeId, UUID accountId, @Nullable String providerThreadId, List<String> inReplyTo,
                                             List<String> references, UUID contactId) {
        if (providerThreadId != null) {
            Optional<UUID> byThread = emails.conversationOfThread(accountId, providerThreadId, contactId);
            if (byThread.isPresent()) {
                return conversations.findById(byThread.get());
            }
        }
        List<String> wanted = new java.util.ArrayList<>(inReplyTo);
        for (int i = references.size() - 1; i >= 0; i--) {
            wanted.add(references.get(i));
        }
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        Map<String, UUID> found = emails.findByRfcIds(storeId, wanted, contactId).stream()
                .collect(Collectors.toMap(EmailRecord::rfcMessageId, EmailRecord::conversationId, (a, b) -> a));
        return wanted.stream().map(found::get).filter(java.util.Objects::nonNull).findFirst().flatMap(conversations::findById);
    }

    /**
     * Appends an email message with its email record and attachments (see {@link #append}).
     *
     * @param email the record to store beside the message; its {@code messageId} is replaced by the new message's id
     */
    @Transactional
    public Appended appendEmail(Conversation conversation, NewMessage m, EmailRecord email,
                                List<dev.handoff.channels.spi.InboundMessage.Attachment> attachments) {
        Appended appended = append(conversation, m, attachments);
        if (!appended.created()) {
            return appended;
        }
        UUID id = appended.message().id();
        emails.save(new EmailRecord(id, conversation.storeId(), conversation.id(), email.accountId(), email.direction(), email.dedupeKey(),
                email.rfcMessageId(), email.providerId(), email.providerThreadId(), email.subject(), email.inReplyTo(), email.referenceIds(),
                email.fromEmail(), email.toEmails(), email.quotedText(), email.autoSubmitted(), email.parseError(), email.raw(),
                email.deliveryStatus(), email.deliveryError(), email.deliveryAttempts(), clock.instant()));
        return appended;
    }

    /** @return the email record of a message, or empty for a widget message */
    public Optional<EmailRecord> emailOf(UUID messageId) {
        return emails.findById(messageId);
    }

    /** @return the newest inbound email of a conversation: what a reply answers */
    public Optional<EmailRecord> lastInboundEmail(UUID conversationId) {
        return emails.lastInbound(conversationId);
    }

    /** Stores the email record of a message already appended (an agent's reply on an email conversation). */
    @Transactional
    public void saveEmailRecord(EmailRecord record) {
        emails.save(record);
    }

    /**
     * Records a delivery attempt of an outbound email.
     *
     * @param status       {@code queued} (to retry), {@code sent} or {@code failed}
     * @param rfcMessageId the Message-ID the provider sent it with, when it chose its own (Graph), else {@code null}
     */
    @Transactional
    public void recordDelivery(UUID messageId, String status, @Nullable String providerId, @Nullable String rfcMessageId,
                               @Nullable String error) {
        emails.updateDelivery(messageId, status, providerId, rfcMessageId, error);
        emails.findById(messageId).ifPresent(e -> changed.publishEvent(new ConversationChanged(e.conversationId())));
    }

    /** @return the raw bytes kept for an email of the store that could not be read completely; 404 problem when none are kept */
    public byte[] rawEmail(UUID storeId, UUID messageId) {
        return emails.findById(messageId).filter(e -> e.storeId().equals(storeId) && e.raw() != null && e.raw().length > 0)
                .map(EmailRecord::raw).orElseThrow(() -> Problems.notFound("Raw message"));
    }

    /** @return the store's attachment with its bytes; 404 problem when unknown */
    public Attachment attachment(UUID storeId, UUID attachmentId) {
        return emails.findAttachment(attachmentId, storeId).orElseThrow(() -> Problems.notFound("Attachment"));
    }

    /** @return the message with this id */
    public Optional<Message> findMessage(UUID messageId) {
        return messages.findById(messageId);
    }

    /** @return the conversation's newest {@code limit} messages, oldest first */
    public List<Message> recentMessages(UUID conversationId, int limit) {
        return messages.findRecent(conversationId, limit);
    }

    /** @return the conversation's messages, oldest first */
    public List<Message> messages(UUID conversationId) {
        return messages.findByConversationIdOrderByCreatedAt(conversationId);
    }

    /**
     * Stores what the assistant read in a customer message (sentiment and embedding) and folds the
     * sentiment score into the conversation's trend.
     *
     * @param score  in [-1, 1]
     * @param vector the text's embedding
     * @return the new trend
     */
    @Transactional
    public double recordAnalysis(Message message, Sentiment sentiment, double score, float[] vector) {
        messages.updateAnalysis(message.id(), sentiment.name(), score, Message.bytes(vector));
        changed.publishEvent(new ConversationChanged(message.conversationId()));
        Conversation c = conversations.findById(message.conversationId()).orElseThrow();
        double trend = c.sentimentTrend() == null ? score : TREND_WEIGHT * score + (1 - TREND_WEIGHT) * c.sentimentTrend();
        conversations.updateSentimentTrend(c.id(), trend);
        return trend;
    }

    /** Sets the status; a status change is not a message. */
    @Transactional
    public void setStatus(UUID conversationId, ConversationStatus status) {
        conversations.updateStatus(conversationId, status.name());
        changed.publishEvent(new ConversationChanged(conversationId));
    }

    /** Records that the assistant could not answer a customer message (analytics: unanswered questions). */
    @Transactional
    public void recordUnanswered(Message message) {
        messages.insertUnanswered(message.id(), message.storeId(), message.createdAt());
    }

    /** Stores where the assistant's flow stands in this conversation. */
    @Transactional
    public void setAssistantState(UUID conversationId, String state, int unansweredCount) {
        conversations.updateAssistantState(conversationId, state, unansweredCount);
    }

    /**
     * Stores an agent's reply: the agent takes the conversation over from the assistant (it is
     * assigned to them when unassigned) and every customer message counts as read.
     */
    @Transactional
    public Appended replyAsAgent(Conversation conversation, UUID agentId, String text, @Nullable String idempotencyKey) {
        return replyAsAgent(conversation, agentId, text, idempotencyKey, List.of());
    }

    /**
     * An agent's reply with files (widget conversations only: 422 problem on email, whose outbound mail carries no
     * attachments yet). Without text, the message names the files.
     */
    @Transactional
    public Appended replyAsAgent(Conversation conversation, UUID agentId, @Nullable String text, @Nullable String idempotencyKey,
                                 List<dev.handoff.channels.spi.InboundMessage.Attachment> files) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty() && !files.isEmpty()) {
            body = filesSentText(files);
        }
        if (body.isEmpty() || body.length() > MAX_TEXT) {
            throw Problems.badRequest("Reply text must be 1 to " + MAX_TEXT + " characters");
        }
        if (!files.isEmpty() && !conversation.channel().equals("widget")) {
            throw Problems.unprocessable("Files can be sent in widget conversations; attach them to email replies from your mailbox");
        }
        conversations.assignIfUnassigned(conversation.id(), agentId);
        conversations.markRead(conversation.id());
        return append(conversation, NewMessage.agent(agentId, body, idempotencyKey), files);
    }

    /** @return the text of a message that is only files, e.g. {@code Sent a file: damaged.jpg} */
    public static String filesSentText(List<dev.handoff.channels.spi.InboundMessage.Attachment> files) {
        return (files.size() == 1 ? "Sent a file: " : "Sent files: ")
                + files.stream().map(dev.handoff.channels.spi.InboundMessage.Attachment::filename).collect(Collectors.joining(", "));
    }

    /**
     * Assigns the conversation to an agent, or hands it back to the assistant with {@code null}: while a person
     * has it, the assistant stays silent ("take over").
     */
    @Transactional
    public void assign(Conversation conversation, @Nullable UUID agentId) {
        conversations.updateAssignee(conversation.id(), agentId);
        changed.publishEvent(new ConversationChanged(conversation.id()));
    }

    /** @return the number of conversations and of those with unread messages per status, for the inbox tabs */
    public List<StatusCount> counts(UUID storeId, @Nullable String channel, @Nullable Boolean hasDrafts) {
        checkChannel(channel);
        return conversations.countByStatus(storeId, channel, hasDrafts);
    }

    /**
     * One inbox tab's figures.
     *
     * @param status        the status
     * @param conversations conversations with it
     * @param unread        of those, how many have unread customer messages
     */
    @io.micronaut.serde.annotation.Serdeable
    @io.micronaut.core.annotation.Introspected
    public record StatusCount(ConversationStatus status, long conversations, long unread) {
    }

    /** Resolves the conversation (a system message records it); publishes {@link ConversationResolved}. */
    @Transactional
    public void resolve(Conversation conversation) {
        resolve(conversation, "Conversation resolved");
    }

    /** Resolves with {@code systemMessage} recorded; publishes {@link ConversationResolved}. */
    @Transactional
    public void resolve(Conversation conversation, String systemMessage) {
        setStatus(conversation.id(), ConversationStatus.resolved);
        conversations.countResolution(conversation.id(), clock.instant());
        append(conversation, NewMessage.system(systemMessage));
        resolved.publishEvent(new ConversationResolved(conversation.id()));
    }

    /** Cancels an abandoned conversation (no survey), recording {@code systemMessage}. */
    @Transactional
    public void cancel(Conversation conversation, String systemMessage) {
        setStatus(conversation.id(), ConversationStatus.cancelled);
        append(conversation, NewMessage.system(systemMessage));
    }

    /**
     * @param now          the time to judge idleness at
     * @param limit        at most this many
     * @return pending conversations idle longer than their store's auto-close time (24 h by default)
     */
    public List<Conversation> idle(Instant now, Duration defaultAfter, int limit) {
        return conversations.findIdle(now, now.minus(defaultAfter), limit);
    }

    /**
     * Deletes conversations whose last activity is older than their store's retention period, with
     * their messages, tickets, ratings and notes (the search index follows).
     *
     * @param defaultDays retention of stores without settings
     * @param limit       at most this many
     * @return the ids deleted
     */
    @Transactional
    public List<UUID> deleteExpired(Instant now, int defaultDays, int limit) {
        List<UUID> expired = conversations.findExpired(now, defaultDays, limit);
        if (!expired.isEmpty()) {
            conversations.deleteByIdIn(expired);
            expired.forEach(id -> changed.publishEvent(new ConversationChanged(id)));
        }
        return expired;
    }

    /** @return how many messages {@code author} wrote in the conversation */
    public int messageCount(UUID conversationId, Author author) {
        return conversations.countMessages(conversationId, author.name());
    }

    /**
     * Adds an internal note (never shown to the shopper).
     *
     * @param agentId the agent writing it, or {@code null} for the assistant
     * @param kind    {@code escalation_summary}, {@code resolution_summary} or {@code note}
     * @param body    1..20,000 characters
     * @return the stored note
     */
    @Transactional
    public Note addNote(Conversation conversation, @Nullable UUID agentId, String kind, String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw Problems.badRequest("Note text must be 1 to " + MAX_TEXT + " characters");
        }
        return notes.save(new Note(UUID.randomUUID(), conversation.storeId(), conversation.id(), agentId == null ? "assistant" : "agent",
                agentId, kind, text, clock.instant()));
    }

    /** Reopens a resolved or cancelled conversation as pending (a system message records it). */
    @Transactional
    public void reopen(Conversation conversation) {
        setStatus(conversation.id(), ConversationStatus.pending);
        append(conversation, NewMessage.system("Conversation reopened"));
    }

    /**
     * Replaces the tags ({@link Tags#normalise}).
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for invalid tags
     */
    @Transactional
    public void setTags(Conversation conversation, @Nullable List<String> tags) {
        conversations.updateTags(conversation.id(), Tags.normalise(tags));
        changed.publishEvent(new ConversationChanged(conversation.id()));
    }

    /**
     * Erases a shopper's personal data in a store (a GDPR erasure request, e.g. Shopify's
     * {@code customers/redact}): the contact with this email loses name and email, and the text of
     * every message they wrote is replaced, with their emails' subjects, addresses, quoted history, raw
     * copies and attachments; conversations, replies and tickets stay for the record.
     *
     * @return conversations redacted
     */
    @Transactional
    public int redactContact(UUID storeId, String email) {
        Optional<Contact> contact = email == null || email.isBlank() ? Optional.empty() : contacts.findByEmail(storeId, email);
        if (contact.isEmpty()) {
            return 0;
        }
        contacts.anonymise(contact.get().id());
        List<UUID> ids = conversations.findIdsByContact(contact.get().id());
        for (UUID id : ids) {
            messages.redactCustomerMessages(id, "[removed at the customer's request]");
            emails.redactInbound(id);
            emails.deleteCustomerAttachments(id);
            changed.publishEvent(new ConversationChanged(id));
        }
        return ids.size();
    }

    /** Marks every message as read by an agent. */
    @Transactional
    public void markRead(UUID conversationId) {
        conversations.markRead(conversationId);
        read.publishEvent(new ConversationRead(conversationId, clock.instant()));
        changed.publishEvent(new ConversationChanged(conversationId)); // the inbox's unread badges follow
    }

    /**
     * Lists a store's conversations, newest activity first, with contact and last message.
     *
     * @param status    {@code null} for all
     * @param channel   {@code widget|gmail|outlook|imap}, or {@code null} for all; 400 problem for another value
     * @param hasDrafts {@code true}: only those with a draft waiting for review; {@code false}: only those without; {@code null}: all
     * @param limit     1..200
     */
    public List<ConversationSummary> list(UUID storeId, @Nullable ConversationStatus status, @Nullable String channel,
                                          @Nullable Boolean hasDrafts, int limit, int offset) {
        checkChannel(channel);
        return summarize(conversations.list(storeId, status == null ? null : status.name(), channel, hasDrafts,
                Math.max(1, Math.min(limit, 200)), Math.max(0, offset)));
    }

    private static void checkChannel(@Nullable String channel) {
        if (channel != null && !List.of("widget", "gmail", "outlook", "imap").contains(channel)) {
            throw Problems.badRequest("channel must be widget, gmail, outlook or imap");
        }
    }

    /** Records how many drafts of the conversation wait for review (the drafts queue keeps it). */
    @Transactional
    public void setPendingDrafts(UUID conversationId, int pending) {
        conversations.updatePendingDrafts(conversationId, pending);
        changed.publishEvent(new ConversationChanged(conversationId));
    }

    /** @return the store's conversations with these ids as inbox rows, keyed by id (unknown and foreign ids left out) */
    public Map<UUID, ConversationSummary> summaries(UUID storeId, List<UUID> ids) {
        Map<UUID, ConversationSummary> out = new HashMap<>();
        if (!ids.isEmpty()) {
            summarize(conversations.findByStoreIdAndIdIn(storeId, ids)).forEach(s -> out.put(s.id(), s));
        }
        return out;
    }

    /**
     * Keyword search in PostgreSQL ({@code to_tsvector('english', body_text) @@ plainto_tsquery}: every
     * word, stemmed, in one message), newest activity first: the merchant search's fallback while the
     * search backend is unavailable. {@code null} filters are ignored.
     *
     * @param to    last activity before (exclusive)
     * @param limit 1..100
     * @return ids of matching conversations of the store
     */
    public List<UUID> textSearch(UUID storeId, String text, @Nullable String channel, @Nullable String status,
                                 @Nullable Instant from, @Nullable Instant to, int limit, int offset) {
        return conversations.textSearch(storeId, text, channel, status, from, to, limit, offset).stream().map(Conversation::id).toList();
    }

    /** @return ids of conversations with a message at or after {@code since} (search reconciliation) */
    public List<UUID> idsActiveSince(Instant since) {
        return conversations.findIdsActiveSince(since);
    }

    private List<ConversationSummary> summarize(List<Conversation> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = page.stream().map(Conversation::id).toList();
        Map<UUID, Message> last = new HashMap<>();
        messages.findLastOf(ids).forEach(m -> last.put(m.conversationId(), m));
        Map<UUID, Contact> people = new HashMap<>();
        contacts.findByIdIn(page.stream().map(Conversation::contactId).distinct().toList()).forEach(c -> people.put(c.id(), c));
        return page.stream().map(c -> ConversationSummary.of(c, people.get(c.contactId()),
                Optional.ofNullable(last.get(c.id())).map(MessageView::of).orElse(null))).toList();
    }

    /**
     * The result of {@link #append}.
     *
     * @param message the stored message (new or the earlier duplicate)
     * @param created false when an idempotent duplicate was detected
     */
    public record Appended(Message message, boolean created) {
    }
}
