package dev.handoff.app.conversation;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Files of messages: attachments as sent, and the raw RFC 5322 message of an email that could not be
 * read completely. Always served as a download ({@code Content-Disposition: attachment},
 * RFC 6266 with an RFC 8187 UTF-8 file name) with {@code nosniff} and a sandboxing CSP, so a hostile file
 * cannot run in the dashboard's origin.
 */
@Controller("/api/stores/{storeId}")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class AttachmentController {

    private final StoreService stores;
    private final EmailMessages emailMessages;
    private final Attachments attachments;

    AttachmentController(StoreService stores, EmailMessages emailMessages, Attachments attachments) {
        this.stores = stores;
        this.emailMessages = emailMessages;
        this.attachments = attachments;
    }

    /** The attachment's bytes; 404 for an unknown id. */
    @Get("/attachments/{id}")
    HttpResponse<byte[]> download(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        Attachment a = attachments.attachment(storeId, id);
        String name = a.filename() == null ? "attachment" : a.filename();
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        return a.response().header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** The raw message kept for an email that could not be read completely ({@code message/rfc822}); 404 when none is kept. */
    @Get("/messages/{id}/raw")
    HttpResponse<byte[]> raw(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        byte[] raw = emailMessages.rawEmail(storeId, id);
        return HttpResponse.ok(raw).contentType(MediaType.of("message/rfc822"))
                .header("Content-Disposition", "attachment; filename=\"message-" + id + ".eml\"")
                .header("X-Content-Type-Options", "nosniff");
    }
}
