package dev.handoff.app.csat;

import dev.handoff.app.platform.PublicCors;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.cors.CrossOrigin;
import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** CSAT surveys: in the widget, on the public page an email links to, and the score for merchants. */
@Controller
@Access(AccessLevel.PUBLIC)
@ExecuteOn(TaskExecutors.BLOCKING)
class CsatController {

    private final CsatService csat;
    private final CsatPages pages;
    private final ConversationLookup lookup;
    private final StoreService stores;

    CsatController(CsatService csat, CsatPages pages, ConversationLookup lookup, StoreService stores) {
        this.csat = csat;
        this.pages = pages;
        this.lookup = lookup;
        this.stores = stores;
    }

    /** The survey of the conversation's latest resolution (widget; {@code X-Visitor-Token}). */
    @CrossOrigin(allowedOriginsRegex = PublicCors.ANY_ORIGIN, allowedMethods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS},
            allowedHeaders = {PublicCors.CONTENT_TYPE, PublicCors.VISITOR_TOKEN, PublicCors.IDEMPOTENCY_KEY})
    @Get("/api/widget/conversations/{id}/survey")
    CsatService.Survey survey(UUID id, @Header("X-Visitor-Token") @Nullable String token) {
        return csat.survey(lookup.requireVisitorConversation(id, token));
    }

    /**
     * Rates the latest resolution (widget): 201; 409 when no survey is open or it was rated. The rating counts at once;
     * a comment may come with it or afterwards ({@link #comment}).
     */
    @CrossOrigin(allowedOriginsRegex = PublicCors.ANY_ORIGIN, allowedMethods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.OPTIONS},
            allowedHeaders = {PublicCors.CONTENT_TYPE, PublicCors.VISITOR_TOKEN, PublicCors.IDEMPOTENCY_KEY})
    @Post("/api/widget/conversations/{id}/rating")
    @Status(HttpStatus.CREATED)
    Rating rate(UUID id, @Header("X-Visitor-Token") @Nullable String token, @Body RatingInput body) {
        Conversation c = lookup.requireVisitorConversation(id, token);
        return csat.rate(c, c.resolutionCount(), body.rating(), body.comment());
    }

    /**
     * Adds or replaces the comment of the latest resolution's rating (widget; the shopper rated first): 200 with the
     * rating; 400 problem for a missing, blank or too long comment; 409 problem when that resolution has no rating yet.
     */
    @CrossOrigin(allowedOriginsRegex = PublicCors.ANY_ORIGIN, allowedMethods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.OPTIONS},
            allowedHeaders = {PublicCors.CONTENT_TYPE, PublicCors.VISITOR_TOKEN, PublicCors.IDEMPOTENCY_KEY})
    @Patch("/api/widget/conversations/{id}/rating")
    Rating comment(UUID id, @Header("X-Visitor-Token") @Nullable String token, @Body CommentInput body) {
        return csat.comment(lookup.requireVisitorConversation(id, token), body.comment());
    }

    /**
     * The public survey page an email links to ({@code token} from {@link CsatService.Survey#token()}), in the store's
     * help center look ({@link CsatPages}); 404 problem for an altered or unknown token.
     */
    @Get("/csat/{token}")
    @Produces(MediaType.TEXT_HTML)
    String page(String token) {
        return pages.survey(csat.target(token));
    }

    /**
     * The page's form ({@code rating} {@code up|down}, optional {@code comment}): records the rating and thanks the
     * shopper; when it cannot be taken (rated already, reopened, a bad value) the page says why.
     */
    @Post(value = "/csat/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    String submit(String token, @Body Map<String, String> form) {
        CsatService.Target t = csat.target(token);
        try {
            csat.rate(t.conversation(), t.resolution(), form.get("rating"), form.get("comment"));
        } catch (HttpStatusException e) {
            return pages.message(t, "Your rating was not taken", e.getMessage());
        }
        return pages.message(t, "Thank you", "Thank you for your feedback!");
    }

    /** CSAT for merchants: share of thumbs-up in [from, to) (default the last 30 days), by agent, channel and resolver. */
    @Access(AccessLevel.STORE_AGENT)
    @Get("/api/stores/{storeId}/csat")
    @SecurityRequirement(name = "bearer")
    CsatService.Score score(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                            @QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to) {
        stores.requireAccess(agent, storeId);
        Instant end = to == null ? Instant.now() : to;
        return csat.score(storeId, from == null ? end.minus(30, ChronoUnit.DAYS) : from, end);
    }

    /** @param rating {@code up} or {@code down} @param comment optional, up to 2,000 characters */
    @Serdeable
    record RatingInput(String rating, @Nullable String comment) {
    }

    /** @param comment the comment to add to the rating, up to 2,000 characters */
    @Serdeable
    record CommentInput(@Nullable String comment) {
    }
}
