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
    private final ConversationLookup lookup;
    private final StoreService stores;

    CsatController(CsatService csat, ConversationLookup lookup, StoreService stores) {
        this.csat = csat;
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

    /** The public survey page an email links to ({@code token} from {@link CsatService.Survey#token()}). */
    @Get("/csat/{token}")
    @Produces(MediaType.TEXT_HTML)
    String page(String token) {
        CsatService.Target t = csat.target(token);
        String store = stores.nameOf(t.conversation().storeId());
        if (t.resolution() != t.conversation().resolutionCount() || !csat.survey(t.conversation()).open()) {
            return page(store, "<p>Thank you! This conversation has already been rated or reopened.</p>");
        }
        return page(store, """
                <form method="post">
                  <p>How did we do?</p>
                  <button name="rating" value="up" aria-label="Good">&#128077; Good</button>
                  <button name="rating" value="down" aria-label="Bad">&#128078; Bad</button>
                  <p><label>Anything to add? <textarea name="comment" maxlength="2000" rows="3"></textarea></label></p>
                </form>""");
    }

    /** The page's form: records the rating and thanks the shopper; 409 page when already rated. */
    @Post(value = "/csat/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    String submit(String token, @Body Map<String, String> form) {
        CsatService.Target t = csat.target(token);
        String store = stores.nameOf(t.conversation().storeId());
        try {
            csat.rate(t.conversation(), t.resolution(), form.get("rating"), form.get("comment"));
        } catch (HttpStatusException e) {
            return page(store, "<p>" + escape(e.getMessage()) + "</p>");
        }
        return page(store, "<p>Thank you for your feedback!</p>");
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

    private static String page(String store, String content) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>Rate your conversation</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}"
                + "button{font-size:1.2rem;margin-right:.5rem;padding:.5rem 1rem}textarea{width:100%}</style></head><body><h1>"
                + escape(store) + "</h1>" + content + "</body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
