package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;

import dev.handoff.channels.spi.InboundMessage;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Appends messages to a conversation (Chatwoot's {@code Messages::MessageBuilder}). Storing a message
 * publishes {@link MessageCreated} in the same transaction.
 */
@Singleton
public class MessageAppender {

    /** Longest message text accepted, in characters. */
    public static final int MAX_TEXT = 20_000;

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final Attachments attachments;
    private final ApplicationEventPublisher<MessageCreated> events;
    private final ApplicationEventPublisher<ConversationChanged> changed;
    private final Clock clock;

    MessageAppender(ConversationRepository conversations, MessageRepository messages, Attachments attachments,
                    ApplicationEventPublisher<MessageCreated> events, ApplicationEventPublisher<ConversationChanged> changed, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.attachments = attachments;
        this.events = events;
        this.changed = changed;
        this.clock = clock;
    }

    /**
     * Appends a message. A customer message reopens a resolved or cancelled conversation and counts as
     * unread. With an idempotency key or provider message id already stored in this conversation,
     * nothing is written and the stored message is returned with {@code created = false}.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 422 when the idempotency key was used before for a
     *         message with another text or other files (a client bug: replaying it would hide the new message)
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
    public Appended append(Conversation conversation, NewMessage m, List<InboundMessage.Attachment> files) {
        if (m.idempotencyKey() != null) {
            Optional<Message> existing = messages.findByConversationIdAndIdempotencyKey(conversation.id(), m.idempotencyKey());
            if (existing.isPresent()) {
                if (!existing.get().bodyText().equals(m.text()) || !attachments.sameFiles(existing.get(), files)) {
                    throw Problems.unprocessable("Idempotency-Key '" + m.idempotencyKey()
                            + "' was already used for a different message in this conversation; use a new key for a new message");
                }
                return new Appended(existing.get(), false);
            }
        }
        Instant now = clock.instant();
        Instant written = m.writtenAt() != null && m.writtenAt().isBefore(now) ? m.writtenAt() : now;
        String cited = m.citedFaqIds().stream().map(UUID::toString).collect(Collectors.joining(","));
        Message saved = messages.save(new Message(UUID.randomUUID(), conversation.storeId(), conversation.id(), m.author(),
                m.agentId(), m.text(), m.html(), m.providerMessageId(), m.idempotencyKey(), null, null, m.source(),
                cited, m.orderNumber(), written, null, null, m.autoSent()));
        boolean customer = m.author() == Author.customer;
        conversations.touch(conversation.id(), now, customer ? 1 : 0, customer, m.author() == Author.assistant || m.author() == Author.agent);
        List<Attachment> stored = attachments.store(saved, files);
        events.publishEvent(new MessageCreated(conversation.storeId(), MessageView.of(saved, null, stored)));
        changed.publishEvent(new ConversationChanged(conversation.id()));
        return new Appended(saved, true);
    }

    /** @return the text of a message that is only files, e.g. {@code Sent a file: damaged.jpg} */
    public static String filesSentText(List<InboundMessage.Attachment> files) {
        return (files.size() == 1 ? "Sent a file: " : "Sent files: ")
                + files.stream().map(InboundMessage.Attachment::filename).collect(Collectors.joining(", "));
    }
}
