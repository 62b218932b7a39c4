package dev.handoff.app.ingest;

import dev.handoff.app.platform.Contrast;
import dev.handoff.app.platform.PublicCors;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.cors.CrossOrigin;
import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.security.ClientAddresses;
import dev.handoff.app.security.RateLimit;
import dev.handoff.app.security.RateLimiter;
import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.automation.WidgetSettings;
import dev.handoff.app.conversation.Attachment;
import dev.handoff.app.conversation.Uploads;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.Appended;
import dev.handoff.app.conversation.Attachments;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.ConversationViews;
import dev.handoff.app.conversation.ShopperMessageView;
import dev.handoff.app.conversation.ShopperMessages;
import dev.handoff.app.store.StoreService;
import dev.handoff.app.transcripts.Transcripts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.annotation.QueryValue;
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
@CrossOrigin(allowedOriginsRegex = PublicCors.ANY_ORIGIN, allowedMethods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS},
        allowedHeaders = {PublicCors.CONTENT_TYPE, PublicCors.VISITOR_TOKEN, PublicCors.IDEMPOTENCY_KEY})
@Controller("/api/widget")
@Access(AccessLevel.PUBLIC)
@ExecuteOn(TaskExecutors.BLOCKING)
class WidgetController {

    private final IngestService ingest;
    private final ConversationLookup lookup;
    private final Attachments attachments;
    private final ConversationViews views;
    private final StoreService stores;

    private final SettingsService settings;
    /** Per-store buckets, taken once the conversation's store is known (the route's own are in {@link RateLimit}). */
    private final RateLimiter limiter;
    private final ShopperMessages shopperMessages;
    private final ClientAddresses clientAddresses;
    private final Contacts contacts;
    private final Transcripts transcripts;

    WidgetController(IngestService ingest, ConversationLookup lookup, Attachments attachments, ConversationViews views,
                     StoreService stores, SettingsService settings, ShopperMessages shopperMessages, ClientAddresses clientAddresses,
                     Contacts contacts, Transcripts transcripts, RateLimiter limiter) {
        this.limiter = limiter;
        this.clientAddresses = clientAddresses;
        this.contacts = contacts;
        this.transcripts = transcripts;
        this.settings = settings;
        this.shopperMessages = shopperMessages;
        this.ingest = ingest;
        this.lookup = lookup;
        this.attachments = attachments;
        this.views = views;
        this.stores = stores;
    }

    /** What the widget shows before a conversation starts, and how it looks; 404 for an unknown key. */
    @Get("/{widgetKey}/config")
    WidgetConfig config(String widgetKey) {
        var store = stores.findByWidgetKey(widgetKey).orElseThrow(() -> Problems.notFound("Widget key"));
        SettingsService.Availability availability = settings.availability(store.id());
        WidgetSettings w = settings.of(store.id()).widget();
        return new WidgetConfig(store.name(), w.greeting(), w.preChatForm(), availability.open(),
                availability.open() ? null : availability.offlineMessage(), availability.usualReply(),
                availability.nextOpening(), w.enabled(), w.color(), Contrast.palette(w.color()), w.position(), w.proactiveCues(),
                transcripts.offered(store.id()));
    }

    /** Starts a conversation; the body ({@code name}, {@code email}) is optional. */
    @Post("/{widgetKey}/conversations")
    @RateLimit(value = "widget-conversations", key = "widgetKey")
    @Status(HttpStatus.CREATED)
    Started start(String widgetKey, @Body @Nullable Visitor body, io.micronaut.http.HttpRequest<?> request) {
        IngestService.StartedConversation s = ingest.startWidgetConversation(widgetKey,
                body == null ? null : body.name(), body == null ? null : body.email(), clientAddresses.of(request));
        return new Started(s.conversationId(), s.visitorToken());
    }

    /**
     * Posts the visitor's message: 201 with the stored message. With a repeated {@code Idempotency-Key}
     * the first message is returned (201, header {@code Idempotent-Replayed: true}) and nothing new is stored.
     */
    @Post("/conversations/{id}/messages")
    @RateLimit(value = "widget-messages", key = "id")
    HttpResponse<ShopperMessageView> post(UUID id, @Header("X-Visitor-Token") @Nullable String token,
                                     @Header("Idempotency-Key") @Nullable String idempotencyKey, @Body Text body) {
        Conversation c = lookup.requireVisitorConversation(id, token);
        limiter.consume("widget-messages", "per-store", c.storeId().toString());
        Appended appended = ingest.receiveWidgetMessage(c, body.text(), idempotencyKey);
        io.micronaut.http.MutableHttpResponse<ShopperMessageView> response = HttpResponse.created(shopperMessages.of(dev.handoff.app.conversation.MessageView.of(appended.message())));
        return appended.created() ? response : response.header("Idempotent-Replayed", "true");
    }

    /**
     * Where the conversation stands, for the widget's header: its status, whether a person has it
     * (escalated, or taken over by an agent) and, if so, when a person will reply; the shopper's own email address
     * (to pre-fill "Email me a transcript") and where a transcript they asked for goes.
     */
    @Get("/conversations/{id}")
    WidgetConversation conversation(UUID id, @Header("X-Visitor-Token") @Nullable String token) {
        Conversation c = lookup.requireVisitorConversation(id, token);
        boolean withTeam = c.status() == dev.handoff.app.conversation.ConversationStatus.escalated || c.assigneeId() != null;
        SettingsService.Availability availability = settings.availability(c.storeId());
        return new WidgetConversation(c.status().name(), withTeam, availability.open() ? availability.expectedResponse() : availability.usualReply(),
                contacts.contactOf(c).email(), transcripts.requested(c.id()).orElse(null));
    }

    /**
     * @param status        {@code pending|resolved|escalated|cancelled}
     * @param withTeam      a person has the conversation (escalated or taken over)
     * @param expectedReply the header's sentence while a person has it: open, that one will reply soon; closed, when the team is back
     * @param email         the contact's address (the pre-chat form's), or {@code null} when the shopper gave none
     * @param transcriptTo  where the transcript the shopper asked for goes, or {@code null} when they did not ask
     */
    @Serdeable
    record WidgetConversation(String status, boolean withTeam, String expectedReply, @Nullable String email,
                              @Nullable String transcriptTo) {
    }

    /** The thread, oldest first. */
    @Get("/conversations/{id}/messages")
    List<ShopperMessageView> messages(UUID id, @Header("X-Visitor-Token") @Nullable String token) {
        Conversation c = lookup.requireVisitorConversation(id, token);
        return shopperMessages.thread(c.id());
    }

    /**
     * Sends a file ({@code multipart/form-data}: {@code file}, optional {@code caption}): 201 with the message.
     * 413 above 10 MB, 415 for anything but JPEG/PNG/GIF/WebP images and PDF.
     */
    @Post(value = "/conversations/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA)
    @RateLimit(value = "widget-uploads", key = "id")
    @Status(HttpStatus.CREATED)
    ShopperMessageView upload(UUID id, @Header("X-Visitor-Token") @Nullable String token,
                              @Header("Idempotency-Key") @Nullable String idempotencyKey, CompletedFileUpload file,
                              @Nullable String caption) throws java.io.IOException {
        Conversation c = lookup.requireVisitorConversation(id, token);
        limiter.consume("widget-uploads", "per-store", c.storeId().toString());
        var attachment = Uploads.check(file);
        var appended = ingest.receiveWidgetFile(c, attachment, caption, idempotencyKey);
        return shopperMessages.of(views.viewWithAttachments(appended.message()));
    }

    /**
     * A file of the conversation (the shopper's or the agent's), for {@code <img src>}: the visitor token comes as
     * {@code ?token=}. 404 for another conversation's file.
     */
    @Get("/conversations/{id}/attachments/{attachmentId}")
    HttpResponse<byte[]> download(UUID id, UUID attachmentId, @QueryValue @Nullable String token) {
        Conversation c = lookup.requireVisitorConversation(id, token);
        Attachment a = attachments.attachment(c.storeId(), attachmentId);
        if (lookup.findMessage(a.messageId()).filter(m -> m.conversationId().equals(c.id())).isEmpty()) {
            throw Problems.notFound("Attachment");
        }
        return a.response().header("Cache-Control", "private, max-age=86400");
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
     * @param usualReply       the header's sentence: until when the team is online, or when it is back (the one place the
     *                         widget says when; the offline banner holds the store's own message)
     * @param nextOpening      e.g. {@code Monday at 09:00 (Europe/Berlin)}, or {@code null}
     * @param enabled          whether to show the widget at all
     * @param color            accent colour {@code #rrggbb}
     * @param palette          the colours to draw on and with the accent (text on it, the accent as text on white), after
     *                         WCAG 2 contrast ({@link Contrast#palette}, the help center's rule too)
     * @param position         {@code bottom-right} or {@code bottom-left}
     * @param proactiveCues    cues that open the chat with a message
     * @param transcripts      whether the widget offers "Email me a transcript" (the store's transcript mode is not off)
     */
    @Serdeable
    record WidgetConfig(String storeName, String greeting, boolean preChatForm, boolean open, @Nullable String offlineMessage,
                        String usualReply, @Nullable String nextOpening, boolean enabled, String color, Contrast.Palette palette, String position,
                        List<WidgetSettings.ProactiveCue> proactiveCues, boolean transcripts) {
    }
}
