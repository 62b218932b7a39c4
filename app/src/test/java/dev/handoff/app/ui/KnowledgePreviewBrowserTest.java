package dev.handoff.app.ui;

import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The knowledge base's "what to write next" loop in headless Chromium, at desktop and phone sizes: the
 * unanswered questions grouped, "Write an FAQ item for this", "Preview on last 30 days" with its progress
 * bar and the conversations whose outcome changes, then Publish. Screenshots under {@code target/screenshots}.
 */
class KnowledgePreviewBrowserTest {

    private static final Api API = TestApp.api();
    private static final Path SHOTS = Path.of(System.getProperty("user.dir"), "target", "screenshots");

    private static String[] shop() {
        Api.Store s = API.createStore("Preview Shop");
        String id = s.id();
        API.importFaq(id, List.of(
                Map.of("category", "Shipping", "question", "Do you ship to the UK and to Ireland?",
                        "answer", "Yes, we ship to the UK and Ireland in 3 to 5 business days.")));
        return new String[] {id, s.widgetKey()};
    }

    private static void ask(String[] shop, String text) {
        Api.Visitor v = API.startConversation(shop[1], null, null);
        API.say(v, text);
        API.settled(shop[0], v.conversationId());
    }

    private static void signIn(Browser b, String store) {
        AdminSignIn.signIn(b, API.base(), store, "knowledge");
    }

    /** Scrolls the element into view and asserts a person sees it: inside the viewport and not covered at its centre. */
    private static WebElement visible(Browser b, WebElement e) {
        b.js("arguments[0].scrollIntoView({block: 'center'})", e);
        Object seen = b.js("""
                const e = arguments[0], r = e.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) return 'has no size';
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return 'is outside the viewport';
                const hit = document.elementFromPoint(x, y);
                return hit === e || e.contains(hit) ? 'ok' : 'is covered by ' + (hit ? hit.outerHTML.slice(0, 120) : 'nothing');""", e);
        assertEquals("ok", seen, e.getTagName() + " " + e.getText());
        return e;
    }

    /** @return the width the select's chosen option needs beyond what the closed select shows, in px (0 or less: all of it shows) */
    private static double cutOff(Browser b, WebElement select) {
        // the option's text in the select's font, plus the drop-down arrow (about 20 px) and the padding
        return ((Number) b.js("""
                const s = arguments[0], cs = getComputedStyle(s), c = document.createElement('canvas').getContext('2d');
                c.font = cs.font;
                const text = c.measureText(s.options[s.selectedIndex].text).width;
                return text + 16 - (s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight));""", select)).doubleValue();
    }

    /** Asserts every question shown in the element is cut to about 200 characters, the whole of a cut one in its title. */
    private static void shortened(Browser b, WebElement in, String what, int fullLength) {
        List<WebElement> cut = in.findElements(By.cssSelector(".shortened[title]"));
        assertTrue(!cut.isEmpty(), what + ": the long question is not shortened: " + in.getText().length() + " characters");
        for (WebElement e : cut) {
            assertTrue(e.getText().length() <= 201 && e.getText().endsWith("…"), what + ": " + e.getText().length() + " characters shown");
            assertEquals(fullLength, e.getAttribute("title").length(), what + ": the whole question in the title");
        }
    }

    @Test
    void aMerchantWritesAnItemForAClusterPreviewsItOnTheLast30DaysAndPublishesIt() {
        String[] shop = shop();
        for (String q : List.of("do you sell gift cards?", "can I buy a gift card?", "Do you have gift cards for sale?")) {
            ask(shop, q);
        }
        // and one shopper's question of 5,000 characters, which the page shows shortened
        String pasted = "Do you have gift cards for sale? I would like to buy one for my sister."
                + " She loves your shop and I think a card would be the perfect birthday present for her.".repeat(57);
        ask(shop, pasted);
        ask(shop, "do you ship to the UK?");
        try (Browser phone = Browser.open(390, 844)) {
            signIn(phone, shop[0]);
            WebElement cluster = visible(phone, phone.find(".cluster"));
            assertTrue(cluster.getText().contains("3 shoppers asked"), cluster.getText());
            WebElement near = visible(phone, cluster.findElement(By.cssSelector("select.near-item")));
            assertTrue(cutOff(phone, near) <= 0, "the item to add to is cut off by " + cutOff(phone, near) + " px: " + near.getText());
            visible(phone, cluster.findElement(By.cssSelector(".add-phrasing")));
            visible(phone, cluster.findElement(By.cssSelector(".write-faq")));
            Looks.assertNoSidewaysScroll(phone, "the unanswered questions on a phone");
            phone.js("arguments[0].scrollIntoView({block: 'center'})", cluster);
            phone.screenshot(SHOTS.resolve("knowledge-clusters-phone.png"));
        }
        try (Browser b = Browser.open(1440, 900)) {
            signIn(b, shop[0]);
            WebElement cluster = visible(b, b.find(".cluster"));
            assertTrue(cluster.getText().contains("3 shoppers asked"), cluster.getText());
            shortened(b, b.find(".unanswered"), "the unanswered questions", pasted.length());
            // the nearest items to add the question to, nearest first, with their similarity, shown whole
            WebElement near = visible(b, cluster.findElement(By.cssSelector("select.near-item")));
            assertTrue(near.findElements(By.tagName("option")).get(0).getText().matches("Do you ship to the UK.*… \\(0\\.\\d\\d\\)"), near.getText());
            assertTrue(cutOff(b, near) <= 0, "the item to add to is cut off by " + cutOff(b, near) + " px: " + near.getText());
            visible(b, cluster.findElement(By.cssSelector(".add-phrasing")));
            b.js("arguments[0].scrollIntoView({block: 'center'})", cluster);
            b.screenshot(SHOTS.resolve("knowledge-clusters-desktop.png"));
            visible(b, cluster.findElement(By.cssSelector(".write-faq"))).click();
            WebElement question = b.find("#faq-question");
            assertTrue(question.getAttribute("value").toLowerCase().contains("gift card"), question.getAttribute("value"));
            // the Published box sits right before its words
            WebElement published = visible(b, b.find("#faq-published"));
            @SuppressWarnings("unchecked")
            List<Number> box = (List<Number>) b.js("""
                    const box = arguments[0], r = box.getBoundingClientRect(), range = document.createRange();
                    range.selectNodeContents([...box.closest('label').childNodes].find(n => n.nodeType === 3 && n.textContent.trim()));
                    const t = range.getBoundingClientRect();
                    return [r.width, t.left - r.right, Math.abs((t.top + t.bottom) / 2 - (r.top + r.bottom) / 2)];""", published);
            assertTrue(box.get(0).doubleValue() <= 24 && box.get(1).doubleValue() >= 0 && box.get(1).doubleValue() <= 16 && box.get(2).doubleValue() <= 8,
                    "the Published box (width, gap to its label, off its line) " + box);
            b.find("#faq-answer").sendKeys("Yes: gift cards from $10 to $200, delivered by email.");
            visible(b, b.find("#faq-preview")).click();
            visible(b, b.find("#replay-progress"));
            WebElement changes = b.until(Duration.ofSeconds(60), d -> {
                List<WebElement> found = d.findElements(By.cssSelector("#replay-changes li"));
                return found.size() == 4 ? d.findElement(By.id("replay-changes")) : null;
            });
            visible(b, changes);
            assertTrue(changes.getText().contains("Newly answered"), changes.getText());
            shortened(b, changes, "the conversations whose outcome changes", pasted.length());
            assertTrue(changes.getText().contains("stays silent → answers with"), changes.getText());
            assertEquals("1", String.valueOf(b.js("return document.getElementById('replay-progress').value")));
            assertTrue(b.find(".replay-preview [role=status]").getText().contains("5 shopper messages replayed: 4 newly answered"),
                    b.find(".replay-preview [role=status]").getText());
            b.screenshot(SHOTS.resolve("knowledge-preview-desktop.png"));
            visible(b, b.find("#replay-publish")).click();
            b.until(d -> d.findElement(By.cssSelector(".faq-items")).getText().toLowerCase().contains("gift card"));
            List<String> questions = new java.util.ArrayList<>();
            API.admin("GET", "/api/stores/" + shop[0] + "/faq/items", null).body().forEach(i -> questions.add(i.get("question").asText()));
            assertEquals(2, questions.size(), questions.toString());
            WebElement covered = b.until(d -> d.findElements(By.cssSelector(".cluster.covered")).stream().findFirst().orElse(null));
            assertTrue(visible(b, covered).getText().contains("Answered now with"), covered.getText());
            visible(b, b.find(".quality-panel"));
            visible(b, b.find("#cost-per-conversation"));
            b.screenshot(SHOTS.resolve("knowledge-insights-desktop.png"));
        }
        try (Browser phone = Browser.open(390, 844)) {
            signIn(phone, shop[0]);
            visible(phone, phone.find(".faq-items li a")).click();
            // answer quality: every figure of an item readable, the table never scrolls sideways in its box
            WebElement quality = phone.find(".quality-panel table");
            assertEquals(Boolean.TRUE, phone.js("return arguments[0].scrollWidth <= arguments[0].clientWidth", quality), "the answer quality scrolls sideways");
            List<WebElement> figures = quality.findElements(By.cssSelector("tbody tr:first-child td"));
            assertEquals(6, figures.size());
            for (WebElement f : figures) {
                phone.js("arguments[0].scrollIntoView({block: 'center'})", f);
                Looks.assertSeen(phone, f, "answer quality's " + f.getAttribute("data-label"));
            }
            phone.js("arguments[0].scrollIntoView({block: 'center'})", quality);
            phone.screenshot(SHOTS.resolve("knowledge-quality-phone.png"));
            Looks.assertNoSidewaysScroll(phone, "the knowledge base on a phone");
            visible(phone, phone.find("#faq-preview")).click();
            WebElement status = phone.until(Duration.ofSeconds(60), d -> {
                WebElement s = d.findElement(By.cssSelector(".replay-preview [role=status]"));
                return s.getText().contains("replayed") ? s : null;
            });
            visible(phone, status);
            visible(phone, phone.find("#replay-progress"));
            phone.screenshot(SHOTS.resolve("knowledge-preview-phone.png"));
        }
    }
}
