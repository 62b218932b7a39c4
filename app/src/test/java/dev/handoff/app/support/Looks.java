package dev.handoff.app.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a person sees, asserted in the browser: an element is shown only if its visible part (inside the
 * viewport and every clipping scroll box) is not empty and {@code elementFromPoint} at its centre hits
 * the element itself (nothing covers it); axe-core finds no serious or critical accessibility violation.
 * Screenshots go under {@code app/target/screenshots}, never into the tracked tree.
 */
public final class Looks {

    /** Where the browser tests write their screenshots. */
    public static final Path SHOTS = Path.of(System.getProperty("user.dir")).resolve("target").resolve("screenshots");
    private static final Path AXE = Path.of(System.getProperty("user.dir")).resolveSibling("admin-ui")
            .resolve("node_modules").resolve("axe-core").resolve("axe.min.js");

    private static final String SEEN = """
            const el = arguments[0];
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return 'it has no size (not displayed)';
            let top = Math.max(r.top, 0), left = Math.max(r.left, 0);
            let bottom = Math.min(r.bottom, innerHeight), right = Math.min(r.right, innerWidth);
            for (let p = el.parentElement || (el.getRootNode().host); p; p = p.parentElement || (p.getRootNode && p.getRootNode().host)) {
              const cs = getComputedStyle(p);
              if (/(auto|scroll|hidden|clip)/.test(cs.overflow + cs.overflowX + cs.overflowY)) {
                const pr = p.getBoundingClientRect();
                top = Math.max(top, pr.top); left = Math.max(left, pr.left); bottom = Math.min(bottom, pr.bottom); right = Math.min(right, pr.right);
              }
            }
            if (bottom - top < Math.min(r.height, 12) || right - left < Math.min(r.width, 12))
              return 'it is outside the viewport or scrolled out of sight: ' + JSON.stringify(r) + ' viewport ' + innerWidth + 'x' + innerHeight;
            const x = (left + right) / 2, y = (top + bottom) / 2;
            const root = el.getRootNode();
            const hit = (root.elementFromPoint ? root : document).elementFromPoint(x, y);
            if (!hit || !(hit === el || el.contains(hit))) return 'it is covered at its centre by ' + (hit ? hit.outerHTML.slice(0, 160) : 'nothing');
            return null;""";

    private Looks() {
    }

    /** @return why a person cannot see the element, or {@code null} when they can */
    public static String whyHidden(Browser b, WebElement element) {
        return (String) b.js(SEEN, element);
    }

    /** Asserts a person sees the element (inside the viewport, not covered). */
    public static void assertSeen(Browser b, WebElement element, String what) {
        String why = whyHidden(b, element);
        assertTrue(why == null, what + " is not visible: " + why);
    }

    /** Asserts a person does not see the element. */
    public static void assertNotSeen(Browser b, WebElement element, String what) {
        assertTrue(whyHidden(b, element) != null, what + " is visible but should not be");
    }

    /** Waits until a person sees the element. */
    public static WebElement awaitSeen(Browser b, java.util.function.Supplier<WebElement> element, String what) {
        try {
            return b.until(d -> {
                WebElement e = element.get();
                return e != null && whyHidden(b, e) == null ? e : null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            WebElement last = element.get();
            throw new AssertionError(what + " never became visible: " + (last == null ? "not in the page" : whyHidden(b, last)), e);
        }
    }

    /**
     * Waits until a person sees the first element matching the selector (whose text contains {@code text}, when given),
     * scrolled to the middle of its scroll box as a person scrolls to what they look for.
     */
    public static WebElement seen(Browser b, String css, String text) {
        return awaitSeen(b, () -> {
            WebElement found = b.driver().findElements(org.openqa.selenium.By.cssSelector(css)).stream()
                    .filter(e -> text == null || e.getText().contains(text)).findFirst().orElse(null);
            if (found != null) {
                b.js("arguments[0].scrollIntoView({block: 'center'})", found);
            }
            return found;
        }, css + (text == null ? "" : " \u201c" + text + "\u201d"));
    }

    /**
     * Clicks an element once a person sees it. The dashboard draws a view again after each change it reads back, so the
     * element found may be replaced before the click lands (stale): it is then found again and clicked, until the click
     * reaches a live element or {@link Browser#until} gives up.
     *
     * @param find finds the element (may return {@code null} while it is not there)
     */
    public static void clickOnceSeen(Browser b, java.util.function.Supplier<WebElement> find, String what) {
        b.until(d -> {
            awaitSeen(b, find, what).click();
            return true;
        });
    }

    /** {@link #clickOnceSeen} for the first element matching the selector (whose text contains {@code text}, when given). */
    public static void click(Browser b, String css, String text) {
        b.until(d -> {
            seen(b, css, text).click();
            return true;
        });
    }

    /**
     * Runs axe-core (WCAG 2 A and AA rules) on the page, shadow roots included, and fails on any serious or
     * critical violation.
     *
     * @param view names the view in the failure message
     */
    @SuppressWarnings("unchecked")
    public static void assertAccessible(Browser b, String view) {
        if (!Files.isReadable(AXE)) {
            if (System.getenv("HANDOFF_BROWSER_REQUIRED") != null) {
                throw new IllegalStateException("axe-core is missing at " + AXE + ": run the build (npm install in admin-ui)");
            }
            Assumptions.abort("axe-core not installed at " + AXE + " (npm install in admin-ui)");
        }
        try {
            if (!Boolean.TRUE.equals(b.js("return typeof window.axe === 'object'"))) {
                b.js(Files.readString(AXE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object result = b.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => JSON.stringify(n.target)).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));""");
        List<String> violations = (List<String>) result;
        assertTrue(violations.isEmpty(), view + ": accessibility violations: " + String.join("\n", violations));
    }

    /**
     * Asserts nothing on the page is wider than the viewport (a phone would scroll sideways, zoom out, and
     * taps would land beside their target), naming the widest offenders.
     */
    public static void assertNoSidewaysScroll(Browser b, String view) {
        Object wider = b.js("""
                const w = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= w + 1) return null;
                return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
                  .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)
                  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
                    + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)').join(', ') + ' in a ' + w + ' px viewport';""");
        assertTrue(wider == null, view + " scrolls sideways: " + wider);
    }

    /** Saves a screenshot of the viewport as {@code target/screenshots/<name>.png}. */
    public static Path screenshot(Browser b, String name) {
        Path file = SHOTS.resolve(name + ".png");
        b.screenshot(file);
        return file;
    }
}
