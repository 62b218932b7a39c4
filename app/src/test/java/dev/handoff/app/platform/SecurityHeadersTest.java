package dev.handoff.app.platform;

import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Browser security headers: the dashboard and every public page refuse to be framed and carry a Content-Security-Policy
 * without inline scripts; every response says nosniff and a referrer policy. (That the dashboard, the widget and the
 * help center still work under these policies is shown by the browser tests, which fail on any console error, CSP
 * violations included.)
 */
class SecurityHeadersTest {

    private static final Api API = TestApp.api();

    private static String header(Api.Res r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    @Test
    void theDashboardCannotBeFramedAndRunsOnlyItsOwnScripts() {
        Api.Res page = API.send("GET", "/admin/index.html", null);
        assertEquals(200, page.status());
        String csp = header(page, "Content-Security-Policy");
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertFalse(csp.replace("style-src-attr 'unsafe-inline'", "").contains("unsafe-inline"), "only style attributes: " + csp);
        assertEquals("DENY", header(page, "X-Frame-Options"));
        assertEquals("nosniff", header(page, "X-Content-Type-Options"));
        assertEquals("strict-origin-when-cross-origin", header(page, "Referrer-Policy"));
    }

    @Test
    void publicPagesCannotBeFramedOrRunInlineScripts() {
        for (String path : new String[]{"/", "/help/demo", "/help/no-such-key"}) {
            Api.Res page = API.send("GET", path, null);
            assertTrue(page.contentType().startsWith("text/html"), path + " " + page.contentType());
            String csp = header(page, "Content-Security-Policy");
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), path + ": " + csp);
            String scripts = csp.replaceAll(".*script-src ([^;]*);.*", "$1");
            assertFalse(scripts.contains("unsafe-inline") || scripts.contains("unsafe-eval") || scripts.contains("*"), path + ": " + csp);
            assertEquals("DENY", header(page, "X-Frame-Options"), path);
        }
    }

    @Test
    void theWidgetScriptAndTheApiAreNotSniffed() {
        Api.Res widget = API.send("GET", "/widget.js", null);
        assertEquals(200, widget.status());
        assertTrue(widget.contentType().contains("javascript"), widget.contentType());
        assertEquals("nosniff", header(widget, "X-Content-Type-Options"));
        Api.Res problem = API.send("GET", "/api/stores", null);
        assertEquals("nosniff", header(problem, "X-Content-Type-Options"));
        assertEquals("strict-origin-when-cross-origin", header(problem, "Referrer-Policy"));
    }

    @Test
    void aForgedHostHeaderAddsNothingToThePolicy() throws Exception {
        java.net.URI base = java.net.URI.create(API.base());
        String answer;
        // raw HTTP/1.1: java.net.http refuses to set Host
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /admin/index.html HTTP/1.1\r\nHost: evil.example; script-src *\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String csp = answer.lines().filter(l -> l.toLowerCase().startsWith("content-security-policy:")).findFirst().orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'"), answer.substring(0, Math.min(answer.length(), 600)));
        assertFalse(csp.contains("evil") || csp.contains("script-src *"), csp);
    }

    @Test
    void theOriginOfThePublicUrlIsAllowedOnPublicPages() {
        assertEquals("https://help.example.com", SecurityHeaders.origin("https://help.example.com/some/path"));
        assertEquals("http://127.0.0.1:8080", SecurityHeaders.origin("http://127.0.0.1:8080"));
        assertEquals("", SecurityHeaders.origin("javascript:alert(1)"));
        assertEquals("", SecurityHeaders.origin(""));
    }
}
