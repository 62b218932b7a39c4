package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.handoff.app.support.Looks.assertNotSeen;
import static dev.handoff.app.support.Looks.assertSeen;
import static dev.handoff.app.support.Looks.awaitSeen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Email me a transcript" in the widget, as a shopper uses it at desktop (1440×900) and phone (390×844) sizes: the
 * button shows once the chat has started, the form is pre-filled with the address the shopper gave, a malformed
 * address is refused where they can see it, a good one is confirmed on screen, and the transcript goes out to that
 * address when the agent resolves. A store that sends no transcripts shows no button.
 */
class TranscriptBrowserTest {

    private static final Api API = TestApp.api();

    private static WebElement in(Browser b, String css) {
        List<WebElement> found = b.widget().findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    private static WebElement containing(Browser b, String css, String text) {
        return b.widget().findElements(By.cssSelector(css)).stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null);
    }

    private static void openWidget(Browser b, String key) {
        b.go(API.base() + "/promo/none");
        // the host page is the test's bare 404, not a storefront: give it what every page has
        b.js("document.documentElement.lang = 'en'; document.title = 'Transcript shop';"
                + "const m = document.createElement('meta'); m.name = 'viewport'; m.content = 'width=device-width, initial-scale=1';"
                + "document.head.appendChild(m);");
        b.js("const s = document.createElement('script'); s.src = arguments[0] + '/widget.js'; s.setAttribute('data-widget-key', arguments[1]);"
                + "document.body.appendChild(s);", API.base(), key);
        awaitSeen(b, () -> in(b, ".bubble"), "the chat bubble").click();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource({"1440, 900, desktop", "390, 844, phone"})
    void aShopperAsksForATranscriptAndGetsItOnResolve(int width, int height, String device) {
        String store = API.createStore("Transcript Shop " + device).id();
        String key = API.widgetKey(store);
        assertEquals(200, API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("widget", Map.of("preChatForm", true))).status());
        String given = "lena-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        String other = "lena.work-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        try (Browser b = Browser.open(width, height)) {
            openWidget(b, key);
            WebElement name = awaitSeen(b, () -> in(b, "form.prechat input[name=name]"), "the pre-chat form");
            name.sendKeys("Lena");
            in(b, "form.prechat input[name=email]").sendKeys(given, Keys.ENTER);
            WebElement box = awaitSeen(b, () -> in(b, "form.send textarea"), "the message box");
            assertNotSeen(b, in(b, ".transcript-open"), "Email me a transcript before there is a chat");
            box.sendKeys("Can I change the size of my sweater order?", Keys.ENTER);
            awaitSeen(b, () -> containing(b, ".msg.customer", "sweater"), "the shopper's message");

            WebElement ask = awaitSeen(b, () -> in(b, ".transcript-open"), "Email me a transcript");
            assertEquals("Email me a transcript", ask.getText());
            ask.click();
            WebElement email = awaitSeen(b, () -> in(b, ".transcript-form input[name=email]"), "the transcript's email field");
            assertEquals(given, email.getAttribute("value"), "pre-filled with the address from the pre-chat form");
            assertSeen(b, in(b, ".transcript-form button[type=submit]"), "Send transcript");
            Looks.screenshot(b, "widget-transcript-form-" + device);

            email.clear();
            email.sendKeys("lena@example", Keys.ENTER);
            WebElement error = awaitSeen(b, () -> containing(b, ".error", "email address"), "the complaint about the address");
            assertTrue(error.getText().contains("Please check the email address"), error.getText());
            assertEquals("true", email.getAttribute("aria-invalid"));
            String conversation = conversationOf(store);
            assertTrue(API.admin("GET", "/api/stores/" + store + "/conversations/" + conversation + "/transcripts", null).body().isEmpty());

            email.clear();
            email.sendKeys(other, Keys.ENTER);
            WebElement done = awaitSeen(b, () -> containing(b, ".transcript-done", other), "the confirmation");
            assertEquals("We'll email a transcript of this chat to " + other + " when it is resolved.", done.getText());
            assertNotSeen(b, in(b, ".transcript-form"), "the form once sent");
            assertTrue(in(b, ".error").getText().isEmpty(), "the complaint is gone");
            Looks.assertNoSidewaysScroll(b, "the widget with the transcript confirmation");
            Looks.assertAccessible(b, "widget transcript (" + device + ")");
            Looks.screenshot(b, "widget-transcript-done-" + device);

            // the agent resolves: the transcript goes to the address the shopper chose, once
            assertEquals(200, API.admin("POST", "/api/stores/" + store + "/conversations/" + conversation + "/resolve", null).status());
            JsonNode sent = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/conversations/" + conversation + "/transcripts", null).body(),
                    l -> l.size() == 1 && l.get(0).get("status").asText().equals("sent"));
            assertEquals(other, sent.get(0).get("email").asText());

            // a page load later the confirmation is still there
            openWidget(b, key);
            awaitSeen(b, () -> containing(b, ".transcript-done", other), "the confirmation after a reload");

            if (device.equals("desktop")) {
                // a store that sends no transcripts offers none
                assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/transcripts/settings", Map.of("mode", "off")).status());
                openWidget(b, key);
                awaitSeen(b, () -> containing(b, ".msg.customer", "sweater"), "the chat after a reload");
                assertNotSeen(b, in(b, ".transcript-open"), "Email me a transcript in a store that sends none");
                assertNotSeen(b, in(b, ".transcript"), "the transcript row in a store that sends none");
            }
        }
    }

    private static String conversationOf(String store) {
        JsonNode rows = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/conversations?limit=5", null).body(), r -> r.size() == 1);
        return rows.get(0).get("id").asText();
    }
}
