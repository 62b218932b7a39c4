package dev.handoff.app.transcripts;

import dev.handoff.app.conversation.Attachment;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.platform.PublicCors;
import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.server.cors.CrossOrigin;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Chat transcripts by email: the store's setting, a shopper's request from the widget, what was sent, and the file links. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class TranscriptController {

    private final Transcripts transcripts;
    private final ConversationLookup lookup;

    TranscriptController(Transcripts transcripts, ConversationLookup lookup) {
        this.transcripts = transcripts;
        this.lookup = lookup;
    }

    /** @param mode {@code off | on_request | always} (see {@link TranscriptMode}) */
    @Serdeable
    record Setting(@Nullable String mode) {
    }

    /** The store's transcript setting. */
    @Get("/api/stores/{storeId}/transcripts/settings")
    @Access(AccessLevel.STORE_AGENT)
    Setting setting(UUID storeId) {
        return new Setting(transcripts.mode(storeId).name());
    }

    /** Changes it (admins); 400 naming the allowed values. */
    @Put("/api/stores/{storeId}/transcripts/settings")
    @Access(AccessLevel.STORE_ADMIN)
    Setting change(UUID storeId, @Body Setting body) {
        TranscriptMode mode;
        try {
            mode = TranscriptMode.valueOf(body.mode() == null ? "" : body.mode());
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("mode must be one of off, on_request, always");
        }
        return new Setting(transcripts.setMode(storeId, mode).name());
    }

    /** The transcripts sent (or due) for a conversation, one per resolution. */
    @Get("/api/stores/{storeId}/conversations/{id}/transcripts")
    @Access(AccessLevel.STORE_AGENT)
    List<Transcripts.Sent> sent(UUID storeId, UUID id) {
        return transcripts.of(lookup.require(storeId, id).id());
    }

    /** @param email where to send it, or {@code null} for the address the shopper gave */
    @Serdeable
    record Request(@Nullable String email) {
    }

    /** The shopper asks for a transcript (widget; {@code X-Visitor-Token}): 202; 409 when the store sends none. */
    @CrossOrigin(allowedOriginsRegex = PublicCors.ANY_ORIGIN, allowedMethods = {HttpMethod.POST, HttpMethod.OPTIONS},
            allowedHeaders = {PublicCors.CONTENT_TYPE, PublicCors.VISITOR_TOKEN, PublicCors.IDEMPOTENCY_KEY})
    @Post("/api/widget/conversations/{id}/transcript")
    @Access(AccessLevel.PUBLIC)
    @Status(HttpStatus.ACCEPTED)
    TranscriptRequested request(UUID id, @Header(PublicCors.VISITOR_TOKEN) @Nullable String token, @Nullable @Body Request body) {
        return transcripts.request(lookup.requireVisitorConversation(id, token), body == null ? null : body.email());
    }

    /** A file a transcript links to (the signed token in the link is the permission). */
    @Get("/transcripts/files/{token}")
    @Access(AccessLevel.PUBLIC)
    MutableHttpResponse<byte[]> file(String token) {
        Attachment a = transcripts.file(token);
        String name = a.filename() == null ? "attachment" : a.filename();
        return a.response().header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._ -]", "_")
                + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
