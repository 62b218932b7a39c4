package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.Map;

import static dev.handoff.app.support.Looks.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSAT page an email links to, in real Chromium at desktop (1440×900) and phone (390×844) sizes: it wears the store's
 * help center look (its styles, the store's name, its accent colour with the text colour the contrast rule picks: black
 * on a light yellow), fits a phone without sideways scrolling, passes axe (labels, contrast), and takes a comment with a
 * rating, thanking the shopper.
 */
class CsatPageBrowserTest {

    private static final Api API = TestApp.api();

    @Test
    void theEmailSurveyPageLooksLikeTheStoresHelpCenterAndTakesARating() {
        Api.Store s = API.createStore("Sunny Socks");
        assertEquals(200, API.admin("PATCH", "/api/stores/" + s.id() + "/settings", Map.of("widget", Map.of("color", "#fde047"))).status());
        for (int[] size : new int[][] {{1440, 900}, {390, 844}}) {
            Api.Visitor v = API.startConversation(s.widgetKey(), null, null);
            API.say(v, "hello");
            API.settled(s.id(), v.conversationId());
            assertEquals(200, API.admin("POST", "/api/stores/" + s.id() + "/conversations/" + v.conversationId() + "/resolve", null).status());
            String token = API.send("GET", "/api/widget/conversations/" + v.conversationId() + "/survey", null, "X-Visitor-Token", v.token())
                    .body().get("token").asText();
            try (Browser b = Browser.open(size[0], size[1])) {
                b.go(API.base() + "/csat/" + token);
                WebElement heading = seen(b, ".hero h1", "How did we do?");
                WebElement brand = seen(b, "header.site a.brand", "Sunny Socks");
                assertEquals("rgba(253, 224, 71, 1)", b.find("header.site").getCssValue("background-color"), "the store's accent");
                assertEquals("rgba(0, 0, 0, 1)", brand.getCssValue("color"), "black on a light accent (Contrast.palette)");
                assertEquals("rgba(0, 0, 0, 1)", heading.getCssValue("color"));
                assertEquals("width=device-width, initial-scale=1",
                        b.find("meta[name=viewport]").getDomAttribute("content"), "a phone shows it at its own width");
                WebElement comment = b.find("textarea#comment");
                assertEquals("Anything to add? (optional)", seen(b, "label[for=comment]", null).getText());
                Looks.assertSeen(b, comment, "the comment box");
                seen(b, "button[value=up]", "Good");
                WebElement bad = seen(b, "button[value=down]", "Bad");
                Looks.assertAccessible(b, "the CSAT page at " + size[0] + " px");
                Looks.assertNoSidewaysScroll(b, "the CSAT page at " + size[0] + " px");
                Looks.screenshot(b, "csat-page-" + size[0]);

                comment.sendKeys("The socks were too small");
                bad.click();
                WebElement thanks = seen(b, ".feedback [role=status]", "Thank you for your feedback!");
                Looks.assertSeen(b, thanks, "the thanks");
                assertTrue(b.driver().findElements(By.cssSelector("form")).isEmpty(), "no second rating");
                Looks.assertAccessible(b, "the CSAT thanks at " + size[0] + " px");
                Looks.screenshot(b, "csat-thanks-" + size[0]);
            }
            JsonNode survey = API.send("GET", "/api/widget/conversations/" + v.conversationId() + "/survey", null, "X-Visitor-Token", v.token()).body();
            assertEquals("down", survey.get("rating").asText(), survey.toString());
        }
    }
}
