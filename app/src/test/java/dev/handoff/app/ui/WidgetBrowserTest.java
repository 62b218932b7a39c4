package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widget's own features in Chromium, on a store of its own (settings of the demo store stay as they are). */
class WidgetBrowserTest {

    private static final Api API = TestApp.api();

    @Test
    void proactiveCueOfflineMessagePhotoAndTheSurveyOnResolve() throws Exception {
        String store = API.admin("POST", "/api/stores", Map.of("name", "Widget Browser Shop")).body().get("id").asText();
        String key = null;
        for (JsonNode s : API.admin("GET", "/api/stores", null).body()) {
            if (s.get("id").asText().equals(store)) {
                key = s.get("widgetKey").asText();
            }
        }
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
            assertTrue(offline.isDisplayed() && offline.getText().contains("We're away until Monday morning."), offline.getText());
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
