package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The help center page at desktop and phone sizes (axe-core finds no violation; search results appear as the
 * shopper types) and the widget's Help tab and "These might answer it" suggestions, as a person sees them.
 * axe-core comes from the widget's node_modules (installed by the build), never from a CDN.
 */
class HelpCenterBrowserTest {

    private static final Api API = TestApp.api();
    private static final Path AXE = Path.of("..", "widget", "node_modules", "axe-core", "axe.min.js");
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static String key;
    private static String store;

    @BeforeAll
    static void store() {
        store = API.createStore("Fern & Field").id();
        key = API.widgetKey(store);
        API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("widget", Map.of("color", "#16a34a")));
        JsonNode imported = API.importFaq(store, List.of(
                row("Shipping", "Do you ship to Canada?", "Yes. Orders to Canada arrive in 5 to 8 business days; duties are included."),
                row("Shipping", "How much is express delivery?", "Express delivery costs $15 and takes 1 to 2 business days."),
                row("Shipping", "Can I change my delivery address?", "Write to us before the order ships and we will change it."),
                row("Returns", "How do I return an item?", "Start a return at https://fern.example/returns within 30 days.\n\nRefunds reach your card in 5 days."),
                row("Returns", "Do you refund shipping costs?", "We refund shipping when the item was faulty."),
                row("Care", "How do I care for linen?", "Wash linen at 40 °C and dry it flat.")));
        assertEquals(6, imported.get("created").asInt(), imported.toString());
    }

    private static Map<String, Object> row(String category, String question, String answer) {
        Map<String, Object> m = new HashMap<>();
        m.put("category", category);
        m.put("question", question);
        m.put("answer", answer);
        return m;
    }

    @Test
    void theHelpCenterIsAccessibleAndSearchesAsYouTypeAtDesktopAndPhoneSizes() throws Exception {
        for (int[] size : new int[][] {{1440, 900}, {390, 844}}) {
            try (Browser b = Browser.open(size[0], size[1])) {
                b.go(API.base() + "/help/" + key);
                WebElement input = b.find("#q");
                assertVisible(b, input);
                assertVisible(b, b.find("h1"));
                assertNoAxeViolations(b, size);
                b.screenshot(SHOTS.resolve("help-center-" + size[0] + ".png"));

                input.sendKeys("parcel to canada");
                WebElement first = b.until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector("#results a.question"));
                    return found.isEmpty() ? null : found.get(0);
                });
                assertEquals("Do you ship to Canada?", first.getText());
                assertVisible(b, first);
                assertTrue(!b.find("#browse").isDisplayed(), "the categories give way to the results");
                assertNoAxeViolations(b, size);

                input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "zebra xylophone qq");
                WebElement ask = b.until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector("#results [data-ask]"));
                    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
                });
                assertVisible(b, ask);
                ask.click();
                SearchContext widget = b.widget();
                WebElement textarea = b.until(d -> {
                    WebElement t = widget.findElement(By.cssSelector("form.send textarea"));
                    return t.isDisplayed() ? t : null;
                });
                assertEquals("zebra xylophone qq", textarea.getDomProperty("value"), "the chat opens with the search text");
                assertVisible(b, textarea);

                first = null;
                b.go(API.base() + "/help/" + key);
                WebElement question = b.find("#browse a.question");
                assertVisible(b, question);
                question.click();
                assertVisible(b, b.find("article h1"));
                WebElement yes = b.find(".feedback button[value=yes]");
                assertNoAxeViolations(b, size);
                b.screenshot(SHOTS.resolve("help-item-" + size[0] + ".png"));
                yes.click();
                WebElement thanks = b.until(d -> {
                    List<WebElement> t = d.findElements(By.cssSelector(".feedback [role=status]"));
                    return t.isEmpty() ? null : t.get(0);
                });
                assertEquals("Thanks for letting us know!", thanks.getText());

                // the item's breadcrumb leads to its category's own page: every question of the category
                WebElement crumb = b.find("nav.crumbs li:nth-child(2) a");
                assertVisible(b, crumb);
                String category = crumb.getText();
                crumb.click();
                WebElement heading = b.until(d -> {
                    List<WebElement> h = d.findElements(By.cssSelector("#browse h1"));
                    return h.isEmpty() ? null : h.get(0);
                });
                assertEquals(category, heading.getText());
                assertVisible(b, heading);
                List<WebElement> questions = b.driver().findElements(By.cssSelector("#browse a.question"));
                assertTrue(!questions.isEmpty(), "the category lists its questions");
                assertVisible(b, questions.get(0));
                assertNoAxeViolations(b, size);
                b.screenshot(SHOTS.resolve("help-category-" + size[0] + ".png"));
            }
        }
    }

    @Test
    void theWidgetShowsTheHelpTabAndSuggestsAnswersWhileTheShopperTypes() throws Exception {
        try (Browser b = Browser.open(390, 844)) {
            b.go(API.base() + "/any-shop-page");
            b.js("const s = document.createElement('script'); s.src = arguments[0] + '/widget.js'; s.setAttribute('data-widget-key', arguments[1]);"
                    + "document.body.appendChild(s);", API.base(), key);
            SearchContext w = b.widget();
            b.until(d -> w.findElements(By.cssSelector(".bubble")).isEmpty() ? null : true);
            w.findElement(By.cssSelector(".bubble")).click();
            WebElement mostViewed = b.until(d -> {
                List<WebElement> found = w.findElements(By.cssSelector(".help li button"));
                return found.isEmpty() ? null : found.get(0);
            });
            WebElement search = w.findElement(By.cssSelector(".help input[type=search]"));
            assertVisible(b, search);
            assertVisible(b, mostViewed);
            assertEquals("true", w.findElement(By.cssSelector("[data-tab=help]")).getAttribute("aria-selected"));
            b.screenshot(SHOTS.resolve("widget-help-tab.png"));

            search.sendKeys("refund for postage");
            WebElement hit = b.until(d -> w.findElements(By.cssSelector(".help h3")).stream().anyMatch(h -> h.getText().equals("Answers"))
                    ? w.findElement(By.cssSelector(".help li button")) : null);
            assertEquals("Do you refund shipping costs?", hit.getText());
            hit.click();
            WebElement answer = b.until(d -> w.findElements(By.cssSelector(".help .answer")).isEmpty() ? null : w.findElement(By.cssSelector(".help .answer")));
            assertVisible(b, answer);
            assertTrue(answer.getText().contains("We refund shipping when the item was faulty."));
            WebElement yes = w.findElements(By.cssSelector(".help .row button")).stream().filter(x -> x.getText().equals("Yes")).findFirst().orElseThrow();
            assertVisible(b, yes);

            w.findElement(By.cssSelector("[data-tab=chat]")).click();
            WebElement textarea = w.findElement(By.cssSelector("form.send textarea"));
            assertVisible(b, textarea);
            textarea.sendKeys("can you ship my order to canada");
            WebElement suggestion = b.until(d -> {
                WebElement s = w.findElement(By.cssSelector(".suggest"));
                return s.isDisplayed() && s.getText().contains("These might answer it") ? s.findElement(By.cssSelector("li button")) : null;
            });
            assertEquals("Do you ship to Canada?", suggestion.getText());
            b.screenshot(SHOTS.resolve("widget-suggestions.png"));
            assertVisible(b, suggestion);

            textarea.sendKeys(Keys.ENTER);
            b.until(d -> w.findElements(By.cssSelector(".msg.customer")).stream().anyMatch(m -> m.getText().contains("ship my order to canada")));
            assertTrue(!w.findElement(By.cssSelector(".suggest")).isDisplayed(), "sending anyway starts the conversation; the suggestions go");
            JsonNode stats = API.admin("GET", "/api/stores/" + store + "/help/stats", null).body();
            assertTrue(stats.get("views").asLong() >= 1, stats.toString());
            assertTrue(stats.get("sessions").asLong() >= 1 && stats.get("deflected").asLong() < stats.get("sessions").asLong(),
                    "the help session that started a conversation is not deflected: " + stats);
        }
    }

    /** Inside the viewport and not covered: the element at its centre is it (or inside it), shadow roots included. */
    static void assertVisible(Browser b, WebElement e) {
        Object ok = b.js("""
                const e = arguments[0]; const r = e.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) return 'empty box';
                if (r.left < 0 || r.top < 0 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) {
                  e.scrollIntoView({block: 'center'});
                }
                const s = e.getBoundingClientRect();
                if (s.left < 0 || s.top < 0 || s.right > innerWidth + 1 || s.bottom > innerHeight + 1) return 'outside the viewport ' + JSON.stringify(s);
                const root = e.getRootNode();
                const hit = (root.elementFromPoint ? root : document).elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);
                return hit === e || e.contains(hit) ? 'ok' : 'covered by ' + (hit ? hit.outerHTML.slice(0, 120) : 'nothing');""", e);
        assertEquals("ok", ok, e.getTagName() + " " + e.getText());
    }

    static void assertNoAxeViolations(Browser b, int[] size) throws Exception {
        if (!Files.exists(AXE)) {
            throw new IllegalStateException("axe-core is missing at " + AXE.toAbsolutePath() + ": run npm install in widget/");
        }
        b.js(Files.readString(AXE));
        Object result = b.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify(r.violations.map(v =>
                  ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary) })))))
                  .catch(e => done('axe failed: ' + e));""");
        assertEquals("[]", result, "axe-core violations at " + size[0] + "x" + size[1] + " on " + b.driver().getCurrentUrl());
    }
}
