package dev.handoff.app.helpcenter;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.platform.PublicCors;
import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.security.RateLimit;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.cors.CrossOrigin;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The public help center (no login): server-rendered pages for shoppers and search engines, and the JSON the
 * widget's Help tab and the page's script use.
 *
 * <p>Pages carry a strong {@code ETag} (SHA-256 of the page) and {@code Cache-Control: public, no-cache}: a CDN
 * or browser may keep them but asks again every time, and a conditional request answers 304 until something
 * on the page changes, so an edit shows at once. Unknown widget keys and items (or drafts) are 404 pages.
 * The widget calls the JSON routes from the storefront's origin: the public CORS grant covers them.
 *
 * <p>Every route is rate limited ({@link RateLimit}, {@code handoff.limits.help-*}): pages (each item page
 * counts a view) and events per client IP, so a bot cannot inflate views; search per IP and per store (it
 * embeds the text and is recorded); feedback per IP.
 */
@CrossOrigin(allowedOriginsRegex = PublicCors.ANY_ORIGIN, allowedMethods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS},
        allowedHeaders = {PublicCors.CONTENT_TYPE})
@Access(AccessLevel.PUBLIC)
@io.micronaut.validation.Validated
@Controller("/help/{widgetKey}")
@ExecuteOn(TaskExecutors.BLOCKING)
class HelpController {

    static final MediaType HTML = MediaType.of("text/html;charset=utf-8");
    static final String PAGE_CACHE = "public, no-cache";

    private final HelpCenter help;
    private final HelpPages pages;
    private final HelpEvents events;

    HelpController(HelpCenter help, HelpPages pages, HelpEvents events) {
        this.help = help;
        this.pages = pages;
        this.events = events;
    }

    /** The home page: categories and their items; {@code ?q=} adds search results (the search form without scripts). */
    @Get(produces = MediaType.TEXT_HTML)
    @RateLimit("help-pages")
    HttpResponse<?> home(String widgetKey, @QueryValue @Nullable String q, @QueryValue @Nullable String session,
                              @Header(HttpHeaders.IF_NONE_MATCH) @Nullable String ifNoneMatch) {
        Optional<HelpCenter.Site> site = help.site(widgetKey);
        if (site.isEmpty()) {
            return notFound(null);
        }
        if (q != null && !q.isBlank()) {
            // a search: recorded each time, never stored by a cache
            return HttpResponse.ok(pages.home(site.get(), help.search(site.get(), q, 10, session))).contentType(HTML)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").header("X-Content-Type-Options", "nosniff");
        }
        Rendered page = home(site.get());
        return cacheable(page.html(), page.etag(), ifNoneMatch);
    }

    /** One item's page at {@code items/{id}-{slug}}; another slug redirects (301) to the item's address. */
    @Get(value = "/items/{ref}", produces = MediaType.TEXT_HTML)
    @RateLimit("help-pages")
    HttpResponse<?> item(String widgetKey, String ref, @QueryValue @Nullable String feedback,
                              @Header(HttpHeaders.IF_NONE_MATCH) @Nullable String ifNoneMatch) {
        Optional<HelpCenter.Site> site = help.site(widgetKey);
        if (site.isEmpty()) {
            return notFound(null);
        }
        Optional<HelpCenter.Placed> placed = itemId(ref).flatMap(site.get()::item);
        if (placed.isEmpty()) {
            return notFound(site.get());
        }
        String url = site.get().url(placed.get().item());
        if (!url.endsWith("/items/" + ref)) {
            return HttpResponse.<String>status(HttpStatus.MOVED_PERMANENTLY).headers(h -> h.location(URI.create(url)));
        }
        String answered = "yes".equals(feedback) || "no".equals(feedback) ? feedback : null;
        if (answered == null) {
            events.view(site.get().store().id(), placed.get().item().id(), null);
        }
        byte[] html = pages.item(site.get(), placed.get(), answered).getBytes(StandardCharsets.UTF_8);
        return cacheable(html, etag(html), ifNoneMatch);
    }

    /** A category's page at {@code categories/{anchor}}: every question of the category; 404 page for an unknown one. */
    @Get(value = "/categories/{anchor}", produces = MediaType.TEXT_HTML)
    @RateLimit("help-pages")
    HttpResponse<?> category(String widgetKey, String anchor, @Header(HttpHeaders.IF_NONE_MATCH) @Nullable String ifNoneMatch) {
        Optional<HelpCenter.Site> site = help.site(widgetKey);
        if (site.isEmpty()) {
            return notFound(null);
        }
        Optional<HelpCenter.Section> section = site.get().section(anchor);
        if (section.isEmpty()) {
            return notFound(site.get());
        }
        byte[] html = pages.category(site.get(), section.get()).getBytes(StandardCharsets.UTF_8);
        return cacheable(html, etag(html), ifNoneMatch);
    }

    /**
     * The help center's sitemap (sitemaps.org protocol 0.9): the home page and every published item's page
     * with its last edit; search engines find it through {@code robots.txt} or a Search Console submission.
     * 404 for an unknown key.
     */
    @Get(value = "/sitemap.xml", produces = MediaType.APPLICATION_XML)
    @RateLimit("help-pages")
    HttpResponse<String> sitemap(String widgetKey) {
        HelpCenter.Site site = help.site(widgetKey).orElseThrow(() -> Problems.notFound("Help center"));
        return HttpResponse.ok(pages.sitemap(site)).contentType(MediaType.APPLICATION_XML_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600");
    }

    /**
     * "Did this answer your question?": a form post from the page ({@code helpful=yes|no}) is redirected (303) back to
     * the item's page, which then thanks the shopper; JSON ({@code {"helpful": true|false, "session"}}) from the widget
     * gets 204. 404 for an unknown or unpublished item, 400 without {@code helpful}.
     */
    @RateLimit("help-feedback")
    @Post(value = "/items/{ref}/feedback", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    HttpResponse<?> feedback(String widgetKey, String ref, HttpRequest<?> request, @Body Feedback body) {
        HelpCenter.Site site = help.site(widgetKey).orElseThrow(() -> Problems.notFound("Help center"));
        HelpCenter.Placed placed = itemId(ref).flatMap(site::item).orElseThrow(() -> Problems.notFound("Help center item"));
        Boolean helpful = body.helpful() == null ? null : switch (body.helpful().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> null;
        };
        if (helpful == null) {
            throw Problems.badRequest("helpful must be yes or no");
        }
        events.feedback(site.store().id(), placed.item().id(), helpful, body.session());
        boolean form = request.getContentType().map(t -> t.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE)).orElse(false);
        if (form) {
            return HttpResponse.seeOther(URI.create(site.url(placed.item()) + "?feedback=" + (helpful ? "yes" : "no")));
        }
        return HttpResponse.noContent();
    }

    /**
     * Search as the shopper types: {@code {"query", "results": [{"id","question","answer","category","url"}]}}, best
     * first, only relevant items (empty: offer "ask us"). {@code session} (the browser's help session) lets the
     * letters of one search count once. 404 problem for an unknown key.
     */
    @Get("/search")
    @RateLimit(value = "help-search", key = "widgetKey")
    HttpResponse<HelpCenter.Results> search(String widgetKey, @QueryValue @Nullable String q, @QueryValue @Nullable String session,
                                            @QueryValue(defaultValue = "8") @Min(1) @Max(20) int limit) {
        HelpCenter.Site site = help.site(widgetKey).orElseThrow(() -> Problems.notFound("Help center"));
        return HttpResponse.ok(help.search(site, q, limit, session)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** The most viewed items of the last 30 days (what the widget's Help tab shows first), at most {@code limit} (1..20). */
    @Get("/popular")
    @RateLimit("help-pages")
    HttpResponse<List<HelpCenter.Result>> popular(String widgetKey, @QueryValue(defaultValue = "5") @Min(1) @Max(20) int limit) {
        HelpCenter.Site site = help.site(widgetKey).orElseThrow(() -> Problems.notFound("Help center"));
        return HttpResponse.ok(help.popular(site, limit)).header(HttpHeaders.CACHE_CONTROL, "public, max-age=60");
    }

    /**
     * What a browser with scripts reports: {@code {"kind": "view", "itemId", "session"}} (an item opened in the
     * widget or unfolded on the page), {@code "visit"} (a help page shown) or {@code "conversation"} (the help
     * session started a chat). 204; 400 for another kind, a missing item or session; 404 for an unknown key or item.
     */
    @Post("/events")
    @RateLimit("help-events")
    HttpResponse<?> event(String widgetKey, @Body Event body) {
        HelpCenter.Site site = help.site(widgetKey).orElseThrow(() -> Problems.notFound("Help center"));
        UUID store = site.store().id();
        String session = HelpEvents.session(body.session());
        switch (body.kind() == null ? "" : body.kind()) {
            case "view" -> {
                if (body.itemId() == null || site.item(body.itemId()).isEmpty()) {
                    throw Problems.notFound("Help center item");
                }
                events.view(store, body.itemId(), session);
            }
            case "visit", "conversation" -> {
                if (session == null) {
                    throw Problems.badRequest("session must be 8 to 64 letters, digits or dashes");
                }
                if (body.kind().equals("visit")) {
                    events.visit(store, session);
                } else {
                    events.conversation(store, session);
                }
            }
            default -> throw Problems.badRequest("kind must be view, visit or conversation");
        }
        return HttpResponse.noContent();
    }

    /** @param helpful yes|no (or true|false) @param session the browser's help session (optional) */
    @Serdeable
    record Feedback(@Nullable String helpful, @Nullable String session) {
    }

    /** @param kind view|visit|conversation @param itemId the item (view) @param session the browser's help session */
    @Serdeable
    record Event(@Nullable String kind, @Nullable UUID itemId, @Nullable String session) {
    }

    private static Optional<UUID> itemId(String ref) {
        if (ref.length() < 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(ref.substring(0, 36)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The last home page rendered per store, as UTF-8 with its ETag, for the very site it shows ({@link HelpCenter}
     * builds a new site after any change, so the page renders anew; every node checks the same FAQ version).
     */
    private final java.util.Map<UUID, Rendered> homes = new java.util.concurrent.ConcurrentHashMap<>();

    private record Rendered(HelpCenter.Site site, byte[] html, String etag) {
    }

    private Rendered home(HelpCenter.Site site) {
        Rendered last = homes.get(site.store().id());
        if (last != null && last.site() == site) {
            return last;
        }
        byte[] html = pages.home(site, null).getBytes(StandardCharsets.UTF_8);
        Rendered rendered = new Rendered(site, html, etag(html));
        homes.put(site.store().id(), rendered);
        return rendered;
    }

    private MutableHttpResponse<String> notFound(@Nullable HelpCenter.Site site) {
        return HttpResponse.<String>status(HttpStatus.NOT_FOUND).body(pages.notFound(site)).contentType(HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").header("X-Content-Type-Options", "nosniff");
    }

    /** 200 with the page (UTF-8) and its ETag, or 304 when the client already holds this exact page. */
    private static MutableHttpResponse<byte[]> cacheable(byte[] html, String etag, @Nullable String ifNoneMatch) {
        MutableHttpResponse<byte[]> response = ifNoneMatch != null && matches(ifNoneMatch, etag)
                ? HttpResponse.notModified() : HttpResponse.ok(html).contentType(HTML);
        return response.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, PAGE_CACHE)
                .header(HttpHeaders.VARY, "Accept-Encoding").header("X-Content-Type-Options", "nosniff");
    }

    /** RFC 9110 §13.1.2 If-None-Match: {@code *} or a list of entity tags compared weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** @return a strong entity tag for the page: the first 128 bits of its SHA-256, quoted */
    private static String etag(byte[] html) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(html);
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
