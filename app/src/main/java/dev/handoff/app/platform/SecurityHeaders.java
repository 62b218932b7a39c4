package dev.handoff.app.platform;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.net.URI;

/**
 * Browser security headers on every response, in one place:
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: strict-origin-when-cross-origin} on all;</li>
 *   <li>on HTML pages, a {@code Content-Security-Policy} (W3C CSP Level 3) with {@code frame-ancestors 'none'} and
 *       {@code X-Frame-Options: DENY} (RFC 7034), so no page of ours can be framed (clickjacking). The widget is a
 *       script on the storefront's own page and the help center a page of its own: neither needs a frame.</li>
 * </ul>
 * The dashboard ({@code /admin}) runs only its own scripts and styles (style attributes allowed, for computed
 * colours) and talks only to this server. Public pages (help center, CSAT survey, the demo storefront) may also load
 * scripts and open sockets to {@code handoff.public-url} (or, unset, {@code localhost} at this server's port: where
 * the help center's pages load their scripts from) and carry inline {@code <style>} (the page's own and the widget's shadow root). A response
 * that sets its own policy (attachments: {@code sandbox}) keeps it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SecurityHeaders {

    static final String CSP = "Content-Security-Policy";

    private static final String COMMON = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private final String configuredOrigin;
    private final jakarta.inject.Provider<io.micronaut.runtime.server.EmbeddedServer> server;

    SecurityHeaders(@Value("${handoff.public-url:}") String publicUrl, jakarta.inject.Provider<io.micronaut.runtime.server.EmbeddedServer> server) {
        this.configuredOrigin = origin(publicUrl);
        this.server = server;
    }

    /** @return the origin public pages load the help center's and widget's scripts from: as {@code helpcenter.HelpCenter} builds it */
    private String publicOrigin() {
        if (!configuredOrigin.isEmpty()) {
            return configuredOrigin;
        }
        var s = server.get();
        return s.getScheme() + "://localhost:" + s.getPort();
    }

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MutableHttpResponse<?> r = response;
        setIfAbsent(r, "X-Content-Type-Options", "nosniff");
        setIfAbsent(r, "Referrer-Policy", "strict-origin-when-cross-origin");
        String path = request.getPath();
        boolean html = r.getContentType().map(t -> t.matches(MediaType.TEXT_HTML_TYPE)).orElse(false) || path.endsWith(".html")
                || path.equals("/") || path.equals("/admin") || path.equals("/admin/");
        if (!html) {
            return;
        }
        setIfAbsent(r, "X-Frame-Options", "DENY");
        String host = request.getHeaders().get(HttpHeaders.HOST);
        // the page's own host for its WebSockets; a Host that is not a plain host[:port] adds nothing to the policy
        String sockets = host == null || !host.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?") ? ""
                : " ws://" + host + " wss://" + host;
        String policy;
        if (path.startsWith("/admin")) {
            policy = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; "
                    + "font-src 'self'; connect-src 'self'" + sockets + "; " + COMMON;
        } else {
            String extra = " " + publicOrigin();
            String extraSockets = " " + publicOrigin().replaceFirst("^http", "ws");
            policy = "default-src 'self'" + extra + "; script-src 'self'" + extra + "; style-src 'self' 'unsafe-inline'" + extra
                    + "; img-src 'self' data: https:" + extra + "; connect-src 'self'" + extra + sockets + extraSockets + "; " + COMMON;
        }
        setIfAbsent(r, CSP, policy);
    }

    private static void setIfAbsent(MutableHttpResponse<?> r, String name, String value) {
        if (!r.getHeaders().contains(name)) {
            r.header(name, value);
        }
    }

    /** @return {@code scheme://host[:port]} of {@code url}, or empty when unset or not an absolute http(s) URL */
    static String origin(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null || !u.getScheme().matches("(?i)https?")) {
                return "";
            }
            return u.getScheme().toLowerCase() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
