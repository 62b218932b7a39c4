package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.platform.Contrast;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.TestApp;
import dev.handoff.app.support.Looks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.handoff.app.support.Looks.assertNotSeen;
import static dev.handoff.app.support.Looks.assertSeen;
import static dev.handoff.app.support.Looks.awaitSeen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widget's own features in Chromium, on a store of its own (settings of the demo store stay as they are). */
class WidgetBrowserTest {

    private static final Api API = TestApp.api();

    private static WebElement in(Browser b, String css) {
        List<WebElement> found = b.widget().findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    private static WebElement containing(Browser b, String css, String text) {
        return b.widget().findElements(By.cssSelector(css)).stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null);
    }

    /**
     * The whole conversation as a shopper sees it on the demo storefront, on a desktop and on a phone: nothing is
     * created by opening the chat; the message, the assistant's handoff notice and the agent's live reply are on
     * screen, each with its author and time; the header says when a person will reply, then who replied; the survey shows only
     * after the agent resolves; no console error and no serious accessibility violation.
     */
    @ParameterizedTest(name = "{2}")
    @CsvSource({"1440, 900, desktop", "390, 844, phone"})
    void theShopperSeesTheWholeConversation(int width, int height, String device) {
        String store = API.storeId("demo");
        try (Browser b = Browser.open(width, height)) {
            b.go(API.base() + "/");
            WebElement bubble = awaitSeen(b, () -> in(b, ".bubble"), "the chat bubble");
            bubble.click();
            // a shopper who has not written yet sees the store's Help tab first (HelpCenterBrowserTest); the chat is a tab away
            awaitSeen(b, () -> in(b, ".help li button"), "the most viewed answers");
            in(b, "[data-tab=chat]").click();
            WebElement box = awaitSeen(b, () -> in(b, "form.send textarea"), "the message box");
            assertNull(b.js("return localStorage.getItem('handoff:demo')"), "opening the chat creates no conversation");
            assertNotSeen(b, in(b, "form.prechat"), "the pre-chat form (off in the demo store)");
            assertNotSeen(b, in(b, ".survey"), "the survey before anything was resolved");
            WebElement greeting = awaitSeen(b, () -> in(b, ".msg.greeting"), "the greeting");
            assertTrue(greeting.getText().contains("Demo"), greeting.getText());
            Looks.assertAccessible(b, "widget opened (" + device + ")");

            String text = "My package arrived damaged, I want to talk to a person " + device;
            box.sendKeys(text, Keys.ENTER);
            WebElement mine = awaitSeen(b, () -> containing(b, ".msg.customer", text), "the shopper's message");
            assertTrue(mine.findElement(By.cssSelector(".meta")).getText().matches("You · \\d\\d:\\d\\d"), mine.getText());
            WebElement notice = awaitSeen(b, () -> containing(b, ".msg.assistant", "ticket #"), "the assistant's handoff notice");
            assertTrue(notice.findElement(By.cssSelector(".meta")).getText().matches("AI ?Assistant · \\d\\d:\\d\\d"),
                    notice.findElement(By.cssSelector(".meta")).getText());
            b.until(d -> in(b, "header .status").getText().startsWith("A person will reply"));
            assertSeen(b, in(b, "header .status"), "when a person will reply");
            assertNotSeen(b, in(b, ".survey"), "the survey while the conversation is open");

            String conversation = session(b, "conversationId");
            String reply = "So sorry! A replacement ships today (" + device + ").";
            assertEquals(201, API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/messages", Map.of("text", reply)).status());
            WebElement agent = awaitSeen(b, () -> containing(b, ".msg.agent", reply), "the agent's live reply");
            assertTrue(agent.findElement(By.cssSelector(".meta")).getText().matches("Admin · \\d\\d:\\d\\d"), agent.getText());
            // a person has replied: the header no longer says one will
            b.until(d -> in(b, "header .status").getText().equals("You're talking with Admin."));
            assertSeen(b, in(b, "header .status"), "who the shopper is talking with");
            Looks.assertAccessible(b, "widget conversation (" + device + ")");
            Looks.screenshot(b, "widget-" + device);

            API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/resolve", null);
            WebElement up = awaitSeen(b, () -> in(b, ".survey [data-rating=up]"), "the survey after the agent resolved");
            assertSeen(b, agent, "the agent's reply with the survey open");
            // a drawn thumb and a word, readable without an emoji font (this machine has none)
            assertEquals("Good", up.getText().strip());
            WebElement drawn = up.findElement(By.tagName("svg"));
            assertTrue(drawn.isDisplayed() && drawn.getRect().getWidth() >= 16, "the thumb is drawn");
            Looks.screenshot(b, "widget-survey-" + device);
            up.click();
            awaitSeen(b, () -> containing(b, ".survey p", "Thank you"), "the thanks for the rating");
        }
    }

    /** The pre-chat form shows when the store enables it, before the first message only; the first message creates the conversation with the name. */
    @Test
    void thePreChatFormComesFirstAndTheFirstMessageStartsTheConversation() {
        String store = API.createStore("Pre-chat Shop").id();
        String key = API.widgetKey(store);
        assertEquals(200, API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("widget", Map.of("preChatForm", true))).status());
        try (Browser b = Browser.open(390, 844)) {
            b.go(API.base() + "/promo/none");
            // the host page here is a bare 404 of the test, not a storefront: give it the language every page has
            b.js("document.documentElement.lang = 'en'; document.title = 'Pre-chat shop';");
            b.js("const s = document.createElement('script'); s.src = arguments[0] + '/widget.js'; s.setAttribute('data-widget-key', arguments[1]);"
                    + "document.body.appendChild(s);", API.base(), key);
            awaitSeen(b, () -> in(b, ".bubble"), "the chat bubble").click();
            WebElement name = awaitSeen(b, () -> in(b, "form.prechat input[name=name]"), "the pre-chat form");
            assertNotSeen(b, in(b, "form.send textarea"), "the message box before the pre-chat form");
            name.sendKeys("Priya");
            in(b, "form.prechat input[name=email]").sendKeys("priya@example.com", Keys.ENTER);
            WebElement box = awaitSeen(b, () -> in(b, "form.send textarea"), "the message box after the pre-chat form");
            assertNotSeen(b, in(b, "form.prechat"), "the pre-chat form once filled in");
            assertEquals(0, API.admin("GET", "/api/stores/" + store + "/conversations?limit=5", null).body().size(), "no conversation before the first message");
            box.sendKeys("Do you gift wrap?", Keys.ENTER);
            awaitSeen(b, () -> containing(b, ".msg.customer", "gift wrap"), "the first message");
            JsonNode rows = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/conversations?limit=5", null).body(), r -> r.size() == 1);
            assertEquals("Priya", rows.get(0).get("contact").get("name").asText(), rows.toString());
            Looks.assertAccessible(b, "widget after pre-chat (phone)");
        }
    }

    /** Opens a bare page of the shop (a phone-ready one: it has a viewport) that embeds the store's widget. */
    private static void embed(Browser b, String key, String title) {
        b.go(API.base() + "/promo/none");
        // the host page here is a bare 404 of the test, not a storefront: give it the language, title and viewport every page has
        b.js("document.documentElement.lang = 'en'; document.title = arguments[0];"
                + "document.head.insertAdjacentHTML('beforeend', '<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">');", title);
        b.js("const s = document.createElement('script'); s.src = arguments[0] + '/widget.js'; s.setAttribute('data-widget-key', arguments[1]);"
                + "document.body.appendChild(s);", API.base(), key);
    }

    /** The contrast of an element's text colour against the first opaque background behind it (shadow roots crossed). */
    private static double contrastOf(Browser b, WebElement el) {
        String[] colours = ((String) b.js("""
                const el = arguments[0];
                let bg = null;
                for (let p = el; p && !bg; p = p.parentElement || (p.getRootNode && p.getRootNode().host)) {
                  const c = getComputedStyle(p).backgroundColor;
                  if (c && !/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') bg = c;
                }
                return getComputedStyle(el).color + '|' + (bg || 'rgb(255, 255, 255)');""", el)).split("\\|");
        return Contrast.ratio(rgbOf(colours[0]), rgbOf(colours[1]));
    }

    private static int rgbOf(String css) {
        String[] p = css.replaceAll("[^0-9,.]", "").split(",");
        assertTrue(p.length < 4 || Double.parseDouble(p[3]) == 1.0, "an opaque colour: " + css);
        return (Integer.parseInt(p[0]) << 16) | (Integer.parseInt(p[1]) << 8) | Integer.parseInt(p[2]);
    }

    private static void assertReadable(Browser b, WebElement el, String what, String colour) {
        double ratio = contrastOf(b, el);
        assertTrue(ratio >= 4.5, what + " on accent " + colour + " has contrast " + String.format("%.2f", ratio) + ":1, below 4.5:1");
    }

    /**
     * Whatever accent colour the merchant picks, a light yellow or a dark navy, the text and icons drawn on it (the
     * launcher, the header, the pre-chat form's Continue, the shopper's own bubbles, Send) and the accent drawn as text
     * on white keep at least 4.5:1 contrast (WCAG 2 AA), and axe-core finds no contrast violation.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"#ffe14d, light", "#1e3a8a, dark"})
    void textOnTheStoresColourIsReadableLightOrDark(String colour, String name) {
        String store = API.createStore("Contrast Shop " + name).id();
        String key = API.widgetKey(store);
        Api.Res patched = API.admin("PATCH", "/api/stores/" + store + "/settings",
                Map.of("widget", Map.of("color", colour, "preChatForm", true)));
        assertEquals(200, patched.status(), patched.raw());
        try (Browser b = Browser.open(390, 844)) {
            embed(b, key, "Contrast shop");
            WebElement bubble = awaitSeen(b, () -> in(b, ".bubble"), "the chat bubble");
            assertReadable(b, bubble, "the launcher's icon", colour);
            bubble.click();
            WebElement cont = awaitSeen(b, () -> in(b, "form.prechat button.primary"), "the pre-chat form's Continue");
            assertReadable(b, cont, "Continue", colour);
            assertReadable(b, in(b, "header .title"), "the header's title", colour);
            assertReadable(b, in(b, "header .close"), "the header's close button", colour);
            Looks.assertAccessible(b, "pre-chat form on " + colour);
            in(b, "form.prechat .skip").click();
            WebElement box = awaitSeen(b, () -> in(b, "form.send textarea"), "the message box");
            box.sendKeys("Is the yellow raincoat waterproof?", Keys.ENTER);
            WebElement mine = awaitSeen(b, () -> containing(b, ".msg.customer", "raincoat"), "the shopper's message");
            assertReadable(b, mine, "the shopper's bubble", colour);
            assertReadable(b, mine.findElement(By.cssSelector(".meta")), "the shopper's bubble's author and time", colour);
            assertReadable(b, in(b, "form.send button.primary"), "Send", colour);
            assertReadable(b, in(b, "header .status"), "the header's reply-time line", colour);
            // the accent as text on white (the "Did you mean" choices, the selected tab) is the accent made readable
            Object onWhite = b.js("return getComputedStyle(arguments[0]).getPropertyValue('--accent-text').trim()",
                    b.driver().findElement(By.cssSelector("[data-handoff-widget]")));
            assertTrue(Contrast.ratio(Integer.parseInt(String.valueOf(onWhite).substring(1), 16), 0xffffff) >= 4.5, "accent text " + onWhite);
            Looks.assertAccessible(b, "conversation on " + colour);
            Looks.screenshot(b, "widget-contrast-" + name + "-phone");
        }
    }

    /**
     * A thumbs-down is recorded at once and thanked kindly (the store hands it to its team: a person will follow up);
     * the comment box stays, and a comment written afterwards joins that rating (one rating, the ticket quotes it).
     */
    @Test
    void aThumbsDownIsThankedAndACommentCanFollowTheRating() {
        String store = API.createStore("Survey Shop").id();
        String key = API.widgetKey(store);
        assertEquals(200, API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("escalateOnBadRating", true)).status());
        try (Browser b = Browser.open(390, 844)) {
            embed(b, key, "Survey shop");
            awaitSeen(b, () -> in(b, ".bubble"), "the chat bubble").click();
            awaitSeen(b, () -> in(b, "form.send textarea"), "the message box").sendKeys("Where is my parcel?", Keys.ENTER);
            awaitSeen(b, () -> containing(b, ".msg.customer", "parcel"), "the shopper's message");
            String conversation = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/conversations?limit=5", null).body(),
                    r -> r.size() == 1).get(0).get("id").asText();
            API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/messages", Map.of("text", "It left our warehouse today."));
            awaitSeen(b, () -> containing(b, ".msg.agent", "warehouse"), "the agent's reply");
            API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/resolve", null);

            WebElement down = awaitSeen(b, () -> in(b, ".survey [data-rating=down]"), "the thumbs-down after the resolution");
            assertSeen(b, in(b, ".survey textarea"), "the comment box with the survey");
            down.click();
            WebElement thanks = awaitSeen(b, () -> containing(b, ".survey .thanks", "Thank you for your feedback"), "the thanks for a thumbs-down");
            assertTrue(thanks.getText().contains("sorry") && thanks.getText().contains("follow up"), thanks.getText());
            assertEquals("true", in(b, ".survey [data-rating=down]").getAttribute("aria-pressed"), "the choice stays marked");
            JsonNode csat = API.admin("GET", "/api/stores/" + store + "/csat", null).body();
            assertEquals(1, csat.get("ratings").asInt(), "the rating is recorded on the click");
            assertEquals("escalated", API.conversation(store, conversation).get("conversation").get("status").asText(), "the thumbs-down still reaches the team");
            // the reopen notice arrives and the conversation is re-read: the thanks and the comment box stay
            awaitSeen(b, () -> containing(b, ".msg.system", "reopened"), "the reopen notice");
            b.until(d -> Boolean.TRUE.equals(b.js("return new Promise(r => setTimeout(() => r(true), 800))")));
            assertSeen(b, in(b, ".survey .thanks"), "the thanks after the conversation was re-read");
            WebElement comment = awaitSeen(b, () -> in(b, ".survey textarea"), "the comment box after rating");
            WebElement send = awaitSeen(b, () -> in(b, ".survey .send-comment"), "Send comment");
            Looks.assertAccessible(b, "survey rated down (phone)");
            Looks.screenshot(b, "widget-survey-rated-down-phone");

            comment.sendKeys("The tracking link never worked");
            send.click();
            awaitSeen(b, () -> containing(b, ".survey .thanks", "received your comment"), "the thanks for the comment");
            assertNotSeen(b, in(b, ".survey textarea"), "the comment box once the comment was sent");
            Looks.screenshot(b, "widget-survey-commented-phone");
            csat = API.admin("GET", "/api/stores/" + store + "/csat", null).body();
            assertEquals(1, csat.get("ratings").asInt(), "the comment joins the rating, no second rating");
            assertEquals(0.0, csat.get("score").asDouble());
            JsonNode ticket = API.admin("GET", "/api/stores/" + store + "/tickets", null).body().get(0);
            assertTrue(ticket.get("summary").asText().contains("The tracking link never worked"), ticket.toString());
        }
    }

    private static String session(Browser b, String field) {
        try {
            return Api.JSON.readTree((String) b.js("return localStorage.getItem('handoff:demo')")).get(field).asText();
        } catch (Exception e) {
            throw new AssertionError("no widget session", e);
        }
    }

    @Test
    void proactiveCueOfflineMessagePhotoAndTheSurveyOnResolve() throws Exception {
        String store = API.createStore("Widget Browser Shop").id();
        String key = API.widgetKey(store);
        Api.Res patched = API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of(
                "businessHours", Map.of("days", Map.of("monday", List.of(Map.of("open", "00:00", "close", "00:01")))),
                "offlineMessage", "We're away until Monday morning.",
                "widget", Map.of("color", "#ff6600", "position", "bottom-left",
                        "proactiveCues", List.of(Map.of("urlContains", "/promo", "afterSeconds", 1, "message", "Spring sale questions? Ask away!")))));
        assertEquals(200, patched.status(), patched.raw());
        Path photo = Files.createTempFile("damaged", ".png");
        Files.write(photo, Api.PNG);

        try (Browser b = Browser.open(390, 844)) {
            // any page of the shop that embeds the script; this one's URL matches the cue
            b.go(API.base() + "/promo/spring");
            b.js("const s = document.createElement('script'); s.src = arguments[0] + '/widget.js'; s.setAttribute('data-widget-key', arguments[1]);"
                    + "document.body.appendChild(s);", API.base(), key);
            WebElement cue = b.until(d -> b.widget().findElements(By.cssSelector(".panel.open .msg.assistant")).stream()
                    .filter(m -> m.getText().contains("Spring sale")).findFirst().orElse(null));
            assertTrue(cue.getText().contains("AI"), "the assistant's messages are labelled");
            WebElement offline = b.widget().findElement(By.cssSelector(".offline"));
            assertEquals("We're away until Monday morning.", offline.isDisplayed() ? offline.getText() : "(hidden)");
            // when the team is back is said once, in the header; the banner is the store's own message
            String panel = b.widget().findElement(By.cssSelector(".panel")).getText();
            assertEquals(1, panel.split("00:00 \\(UTC\\)", -1).length - 1, panel);
            WebElement status = b.widget().findElement(By.cssSelector("header .status"));
            assertTrue(status.isDisplayed() && status.getText().startsWith("The team is away; back "), status.getText());
            Looks.screenshot(b, "widget-offline-phone");
            WebElement bubble = b.widget().findElement(By.cssSelector(".bubble"));
            assertTrue(bubble.getLocation().getX() < 100, "bottom-left bubble at x=" + bubble.getLocation().getX());
            assertTrue(bubble.getCssValue("background-color").startsWith("rgba(255, 102, 0"), bubble.getCssValue("background-color"));
            assertEquals("dialog", b.widget().findElement(By.cssSelector(".panel")).getAttribute("role"));

            b.widget().findElement(By.cssSelector("form.send textarea")).sendKeys("The mug arrived broken, here is a photo");
            b.widget().findElement(By.cssSelector("input[type=file]")).sendKeys(photo.toString());
            WebElement img = b.until(d -> b.widget().findElements(By.cssSelector(".msg.customer img")).stream().findFirst().orElse(null));
            b.until(d -> Boolean.TRUE.equals(b.js("return arguments[0].complete && arguments[0].naturalWidth > 0", img)));
            String conversation = API.send("GET", "/api/stores/" + store + "/conversations?limit=5", null,
                    "Authorization", "Bearer " + API.adminToken()).body().get(0).get("id").asText();
            JsonNode first = API.conversation(store, conversation).get("messages").get(0);
            assertEquals("The mug arrived broken, here is a photo", first.get("text").asText());
            assertEquals("image/png", first.get("attachments").get(0).get("contentType").asText());

            API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/messages", Map.of("text", "A new mug is on its way."));
            API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/resolve", null);
            WebElement up = b.until(d -> {
                WebElement s = b.widget().findElement(By.cssSelector(".survey"));
                return s.isDisplayed() ? s.findElement(By.cssSelector("[data-rating=up]")) : null;
            });
            up.click();
            b.until(d -> b.widget().findElement(By.cssSelector(".survey")).getText().contains("Thank you"));
            awaitSeen(b, () -> in(b, ".survey textarea"), "the comment box after a thumbs-up");
            JsonNode csat = API.admin("GET", "/api/stores/" + store + "/csat", null).body();
            assertEquals(1, csat.get("ratings").asInt());
            assertEquals(1.0, csat.get("score").asDouble());

            b.widget().findElement(By.cssSelector("form.send textarea")).sendKeys(Keys.ESCAPE);
            assertEquals("false", b.widget().findElement(By.cssSelector(".bubble")).getAttribute("aria-expanded"), "Escape closes the chat");
        } finally {
            Files.deleteIfExists(photo);
        }
    }
}
