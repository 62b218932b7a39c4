package dev.handoff.app.ingest;

import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationService;
import dev.handoff.app.conversation.ShopperMessageView;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.UUID;

/**
 * The storefront widget's API (no agent login): start a conversation with the store's widget key,
 * then post and read messages with the conversation's {@code X-Visitor-Token}. A missing token gets
 * 401; a wrong token or someone else's conversation gets 404, never data.
 */
@Controller("/api/widget")
@ExecuteOn(TaskExecutors.BLOCKING)
class WidgetController {

    private final IngestService ingest;
    private final ConversationService conversations;
    private final StoreService stores;

    private final SettingsService settings;

    WidgetController(IngestService ingest, ConversationService conversations, StoreService stores, SettingsService settings) {
        this.settings = settings;
        this.ingest = ingest;
        this.conversations = conversations;
        this.stores = stores;
    }

    /** What the widget shows before a conversation starts; 404 for an unknown key. */
    @Get("/{widgetKey}/config")
    WidgetConfig config(String widgetKey) {
        var store = stores.findByWidgetKey(widgetKey).orElseThrow(() -> Problems.notFound("Widget key"));
        SettingsService.Availability availability = settings.availability(store.id());
        return new WidgetConfig(store.name(), "Hi! Ask me about your order, shipping, returns or anything else.", true,
                availability.open(), availability.open() ? null : availability.offlineMessage(), availability.expectedResponse(),
                availability.nextOpening());
    }

    /** Starts a conversation; the body ({@code name}, {@code email}) is optional. */
    @Post("/{widgetKey}/conversations")
    @Status(HttpStatus.CREATED)
    Started start(String widgetKey, @Body @Nullable Visitor body) {
        IngestService.StartedConversation s = ingest.startWidgetConversation(widgetKey,
                body == null ? null : body.name(), body == null ? null : body.email());
        return new Started(s.conversationId(), s.visitorToken());
    }

    /**
     * Posts the visitor's message: 201 with the stored message. With a repeated {@code Idempotency-Key}
     * the first message is returned (201, header {@code Idempotent-Replayed: true}) and nothing new is stored.
     */
    @Post("/conversations/{id}/messages")
    HttpResponse<ShopperMessageView> post(UUID id, @Header("X-Visitor-Token") @Nullable String token,
                                     @Header("Idempotency-Key") @Nullable String idempotencyKey, @Body Text body) {
        Conversation c = conversations.requireVisitorConversation(id, token);
        ConversationService.Appended appended = ingest.receiveWidgetMessage(c, body.text(), idempotencyKey);
        io.micronaut.http.MutableHttpResponse<ShopperMessageView> response = HttpResponse.created(ShopperMessageView.of(appended.message()));
        return appended.created() ? response : response.header("Idempotent-Replayed", "true");
    }

    /** The thread, oldest first. */
    @Get("/conversations/{id}/messages")
    List<ShopperMessageView> messages(UUID id, @Header("X-Visitor-Token") @Nullable String token) {
        Conversation c = conversations.requireVisitorConversation(id, token);
        return conversations.messages(c.id()).stream().map(ShopperMessageView::of).toList();
    }

    /** @param name visitor name (optional) @param email visitor email (optional) */
    @Serdeable
    record Visitor(@Nullable String name, @Nullable String email) {
    }

    /** @param text the message, 1..20,000 characters */
    @Serdeable
    record Text(@Nullable String text) {
    }

    /** @param conversationId new conversation @param visitorToken secret for {@code X-Visitor-Token} and the WebSocket */
    @Serdeable
    record Started(UUID conversationId, String visitorToken) {
    }

    /**
     * @param storeName        shown in the header
     * @param greeting         first message shown
     * @param preChatForm      whether to ask name and email
     * @param open             within business hours
     * @param offlineMessage   the store's offline message, shown outside business hours ({@code null} when open)
     * @param expectedResponse when a person will answer, as a sentence
     * @param nextOpening      e.g. {@code Monday at 09:00 (Europe/Berlin)}, or {@code null}
     */
    @Serdeable
    record WidgetConfig(String storeName, String greeting, boolean preChatForm, boolean open, @Nullable String offlineMessage,
                        String expectedResponse, @Nullable String nextOpening) {
    }
}
