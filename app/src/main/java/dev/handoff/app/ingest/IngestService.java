package dev.handoff.app.ingest;

import dev.handoff.app.assistant.AssistantQueue;
import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.Appended;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.ConversationLifecycle;
import dev.handoff.app.conversation.MessageAppender;
import dev.handoff.app.conversation.NewMessage;
import dev.handoff.app.platform.EmailAddresses;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.Tokens;
import dev.handoff.app.store.Store;
import dev.handoff.app.store.StoreService;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.InboundMessage;
import dev.handoff.channels.widget.WidgetChannel;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Lands inbound messages in the conversation model: normalised by the channel adapter, deduplicated,
 * stored, and the assistant's turn enqueued in the same transaction, so a crash loses nothing and
 * answers nothing twice.
 */
@Singleton
public class IngestService {

    private final StoreService stores;
    private final Contacts contacts;
    private final ConversationLifecycle lifecycle;
    private final MessageAppender appender;
    private final AssistantQueue assistant;
    private final WidgetChannel widget;

    IngestService(StoreService stores, Contacts contacts, ConversationLifecycle lifecycle, MessageAppender appender,
                  AssistantQueue assistant, Clock clock) {
        this.stores = stores;
        this.contacts = contacts;
        this.lifecycle = lifecycle;
        this.appender = appender;
        this.assistant = assistant;
        this.widget = new WidgetChannel(clock);
    }

    /**
     * Starts a widget conversation for a storefront visitor.
     *
     * @param widgetKey the store's widget key; 404 problem when unknown
     * @param name      pre-chat name, optional, at most 200 characters
     * @param email     pre-chat email, optional; 400 problem when malformed
     * @param clientAddress the address the shopper started it from, or {@code null}
     * @return the conversation and the visitor's token (shown once; only its hash is stored)
     */
    @Transactional
    public StartedConversation startWidgetConversation(String widgetKey, @Nullable String name, @Nullable String email,
                                                       @Nullable java.net.InetAddress clientAddress) {
        Store store = stores.findByWidgetKey(widgetKey).orElseThrow(() -> Problems.notFound("Widget key"));
        String cleanName = name == null || name.isBlank() ? null : name.strip();
        if (cleanName != null && cleanName.length() > 200) {
            throw Problems.badRequest("Name is longer than 200 characters");
        }
        String cleanEmail = email == null || email.isBlank() ? null : email.strip();
        if (cleanEmail != null && !EmailAddresses.isValid(cleanEmail)) {
            throw Problems.badRequest("Email address '" + cleanEmail + "' is not valid");
        }
        Contact contact = contacts.contactFor(store.id(), cleanName, cleanEmail);
        String token = Tokens.newToken();
        Conversation c = lifecycle.openWidget(store.id(), contact, token, clientAddress);
        return new StartedConversation(c.id(), token);
    }

    /**
     * Stores a widget visitor's message and enqueues the assistant's turn. With an
     * {@code idempotencyKey} seen before in this conversation the earlier message is returned and
     * nothing is stored or enqueued.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for empty text, 413 above 20,000 characters
     */
    @Transactional
    public Appended receiveWidgetMessage(Conversation conversation, String text, @Nullable String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.length() > 200) {
            throw Problems.badRequest("Idempotency-Key is longer than 200 characters");
        }
        InboundMessage inbound;
        try {
            inbound = widget.normalise(conversation.storeId().toString(), conversation.id().toString(), null, text, idempotencyKey);
        } catch (ChannelException e) {
            throw e.kind() == ChannelException.Kind.TOO_LARGE ? Problems.tooLarge(e.getMessage()) : Problems.badRequest(e.getMessage());
        }
        Appended appended = appender.append(conversation,
                NewMessage.customer(inbound.text(), null, idempotencyKey));
        if (appended.created()) {
            assistant.enqueue(appended.message().id(), appended.message().conversationId());
        }
        return appended;
    }

    /**
     * Stores a file the shopper sent from the widget (a photo of a damaged item) as a customer message, with
     * the optional caption as its text; the assistant reads a caption like any message (a file alone it leaves
     * to a person).
     */
    @Transactional
    public Appended receiveWidgetFile(Conversation conversation, InboundMessage.Attachment file, @Nullable String caption,
                                                          @Nullable String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.length() > 200) {
            throw Problems.badRequest("Idempotency-Key is longer than 200 characters");
        }
        String text = caption == null || caption.isBlank() ? null : caption.strip();
        if (text != null && text.length() > MessageAppender.MAX_TEXT) {
            throw Problems.tooLarge("Messages can be at most " + MessageAppender.MAX_TEXT + " characters");
        }
        Appended appended = appender.append(conversation,
                NewMessage.customer(text == null ? MessageAppender.filesSentText(List.of(file)) : text, null, idempotencyKey),
                List.of(file));
        if (appended.created() && text != null) {
            assistant.enqueue(appended.message().id(), appended.message().conversationId());
        }
        return appended;
    }

    /** @param conversationId the new conversation @param visitorToken the visitor's secret for this conversation */
    public record StartedConversation(UUID conversationId, String visitorToken) {
    }

}
