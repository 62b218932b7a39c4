package dev.handoff.app.conversation;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** The agents' inbox: a store's conversations, their threads, agent replies, resolve and reopen. */
@io.micronaut.validation.Validated
@Controller("/api/stores/{storeId}/conversations")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class ConversationController {

    private final StoreService stores;
    private final ConversationLookup lookup;
    private final ConversationLifecycle lifecycle;
    private final AgentReplies agentReplies;
    private final ConversationTriage triage;
    private final Notes notes;
    private final ConversationViews views;
    private final InboxQueries inbox;

    ConversationController(StoreService stores, ConversationLookup lookup, ConversationLifecycle lifecycle,
                           AgentReplies agentReplies, ConversationTriage triage, Notes notes, ConversationViews views,
                           InboxQueries inbox) {
        this.stores = stores;
        this.lookup = lookup;
        this.lifecycle = lifecycle;
        this.agentReplies = agentReplies;
        this.triage = triage;
        this.notes = notes;
        this.views = views;
        this.inbox = inbox;
    }

    /**
     * Lists conversations, newest activity first; {@code status}, {@code channel} and {@code hasDrafts}
     * filter, {@code limit} 1..200 (default 50).
     */
    @Get
    List<ConversationSummary> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                   @QueryValue @Nullable ConversationStatus status, @QueryValue @Nullable String channel,
                                   @QueryValue @Nullable Boolean hasDrafts,
                                   @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit, @QueryValue(defaultValue = "0") @Min(0) @Max(100_000) int offset) {
        stores.requireAccess(agent, storeId);
        return inbox.list(storeId, status, channel, hasDrafts, limit, offset);
    }

    /**
     * The inbox tabs' figures: per status, how many conversations and how many of them have unread customer
     * messages ({@code channel} and {@code hasDrafts} filter as in the list); statuses without any are left out.
     */
    @Get("/counts")
    List<StatusCount> counts(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                                 @QueryValue @Nullable String channel, @QueryValue @Nullable Boolean hasDrafts) {
        stores.requireAccess(agent, storeId);
        return inbox.counts(storeId, channel, hasDrafts);
    }

    /**
     * One conversation with its messages, oldest first. A conversation merged into another answers 308 with the other's
     * address in {@code Location} (it is only a pointer now).
     */
    @Get("/{id}")
    io.micronaut.http.HttpResponse<ConversationDetail> get(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
                                                           UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        UUID into = lookup.require(storeId, id).mergedInto();
        if (into != null) {
            return io.micronaut.http.HttpResponse.<ConversationDetail>status(HttpStatus.PERMANENT_REDIRECT)
                    .header(io.micronaut.http.HttpHeaders.LOCATION, "/api/stores/" + storeId + "/conversations/" + into);
        }
        return io.micronaut.http.HttpResponse.ok(views.detail(storeId, id));
    }

    /** Replies as the signed-in agent; the reply reaches the shopper's widget live. */
    @Post("/{id}/messages")
    @Status(HttpStatus.CREATED)
    MessageView reply(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id,
                      @Body Reply body, @Header("Idempotency-Key") @Nullable String idempotencyKey) {
        stores.requireAccess(agent, storeId);
        Conversation c = lookup.require(storeId, id);
        return MessageView.of(agentReplies.reply(c, agent.id(), body.text(), idempotencyKey).message());
    }

    /**
     * Replies with a file ({@code multipart/form-data}: {@code file}, optional {@code text}); widget conversations
     * only (422 on email). 413 above 10 MB, 415 for anything but JPEG/PNG/GIF/WebP images and PDF.
     */
    @Post(value = "/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA)
    @Status(HttpStatus.CREATED)
    MessageView upload(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id,
                       CompletedFileUpload file, @Nullable String text) throws java.io.IOException {
        stores.requireAccess(agent, storeId);
        Conversation c = lookup.require(storeId, id);
        var attachment = Uploads.check(file);
        return views.viewWithAttachments(agentReplies.reply(c, agent.id(), text, null, List.of(attachment)).message());
    }

    /**
     * Takes the conversation over ({@code agentId} = the signed-in agent: the assistant stays silent from now on),
     * assigns it to another member, or hands it back to the assistant ({@code agentId} null). 400 for a non-member.
     */
    @Put("/{id}/assignee")
    ConversationDetail assign(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id,
                              @Body Assignee body) {
        stores.requireAccess(agent, storeId);
        if (body.agentId() != null && !stores.memberIds(storeId).contains(body.agentId())) {
            throw dev.handoff.app.platform.Problems.badRequest("The assignee must be a member of the store");
        }
        triage.assign(lookup.require(storeId, id), body.agentId());
        return views.detail(storeId, id);
    }

    /** @param agentId a member of the store, or {@code null} to hand the conversation back to the assistant */
    @Serdeable
    record Assignee(@Nullable UUID agentId) {
    }

    /** Resolves the conversation. */
    @Post("/{id}/resolve")
    ConversationDetail resolve(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        lifecycle.resolve(lookup.require(storeId, id));
        return views.detail(storeId, id);
    }

    /** Reopens the conversation as pending. */
    @Post("/{id}/reopen")
    ConversationDetail reopen(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        lifecycle.reopen(lookup.require(storeId, id));
        return views.detail(storeId, id);
    }

    /** Replaces the conversation's tags (searchable); 400 for invalid tags. */
    @Put("/{id}/tags")
    ConversationDetail tags(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id, @Body Tags body) {
        stores.requireAccess(agent, storeId);
        triage.setTags(lookup.require(storeId, id), body.tags());
        return views.detail(storeId, id);
    }

    /** @param tags at most 20 tags of 1..40 characters (letters, digits, {@code - _ . /}), case-insensitive */
    @Serdeable
    record Tags(List<String> tags) {
    }

    /** Adds a private note by the signed-in agent; never shown to the shopper. */
    @Post("/{id}/notes")
    @Status(HttpStatus.CREATED)
    Note note(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id, @Body Reply body) {
        stores.requireAccess(agent, storeId);
        return notes.addNote(lookup.require(storeId, id), agent.id(), "note", body.text());
    }

    /** Marks the conversation's messages as read. */
    @Post("/{id}/read")
    @Status(HttpStatus.NO_CONTENT)
    void read(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID id) {
        stores.requireAccess(agent, storeId);
        triage.markRead(lookup.require(storeId, id).id());
    }

    /** @param text the reply, 1..20,000 characters */
    @Serdeable
    record Reply(String text) {
    }

}
