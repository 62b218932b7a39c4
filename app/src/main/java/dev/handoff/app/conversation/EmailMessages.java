package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import dev.handoff.channels.spi.InboundMessage;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The email side of messages: the record stored beside each email message, its delivery and raw copy. */
@Singleton
public class EmailMessages {

    private final EmailRepository emails;
    private final MessageAppender appender;
    private final ApplicationEventPublisher<ConversationChanged> changed;
    private final Clock clock;

    EmailMessages(EmailRepository emails, MessageAppender appender, ApplicationEventPublisher<ConversationChanged> changed, Clock clock) {
        this.emails = emails;
        this.appender = appender;
        this.changed = changed;
        this.clock = clock;
    }

    /** @return whether an inbound email with this dedupe key ({@link EmailRecord#dedupeKey()}) is stored in the store */
    public boolean emailStored(UUID storeId, String dedupeKey) {
        return emails.inboundExists(storeId, dedupeKey);
    }

    /**
     * Appends an email message with its email record and attachments (see {@link MessageAppender#append}).
     *
     * @param email the record to store beside the message; its {@code messageId} is replaced by the new message's id
     */
    @Transactional
    public Appended appendEmail(Conversation conversation, NewMessage m, EmailRecord email, List<InboundMessage.Attachment> attachments) {
        Appended appended = appender.append(conversation, m, attachments);
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
}
