package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.handoff.app.support.Looks.click;
import static dev.handoff.app.support.Looks.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Auto-send as a store admin uses it in the dashboard, at desktop (1440×900) and phone (390×844) sizes: once a kind of
 * draft met the bar (5 unedited approvals in the test app), "Send without review" in the Drafts view turns auto-send on
 * (read back through the API); the next answer of that kind goes out by itself and the conversation marks it "Sent
 * automatically" while a reply an agent approved carries no mark; Analytics counts it; "Back to review" turns it off.
 */
class DraftGraduationBrowserTest {

    private static final Api API = TestApp.api();
    private static Mailserver mail;
    private static String store;
    private static String box;
    private static String kind;
    private static String channel;

    @BeforeAll
    static void setUp() {
        mail = new Mailserver();
        store = API.createStore("Auto-send Shop").id();
        String faq = API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you offer gift wrapping?",
                "answer", "Yes, gift wrapping is free: tick the box at checkout.")).body().get("id").asText();
        kind = "faq:" + faq;
        box = "autosend-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(box, "pw-a");
        Api.Res created = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-a"));
        assertEquals(201, created.status(), created.raw());
        channel = "/api/stores/" + store + "/channels/" + created.body().get("id").asText();
    }

    @AfterAll
    static void tearDown() {
        API.admin("DELETE", channel, null); // the mail server goes away: stop syncing it
        mail.close();
    }

    private static void ask(String shopper) {
        mail.deliver(box, mail.email(shopper, box, "Gift wrapping", "Do you offer gift wrapping?", UUID.randomUUID() + "@example.com", Map.of()));
    }

    private static JsonNode kindStats() {
        for (JsonNode k : API.admin("GET", "/api/stores/" + store + "/draft-kinds", null).body()) {
            if (k.get("kind").asText().equals(kind)) {
                return k;
            }
        }
        throw new AssertionError("no figures for " + kind + ": " + API.admin("GET", "/api/stores/" + store + "/draft-kinds", null).raw());
    }

    private static void signIn(Browser b, String route) {
        AdminSignIn.signIn(b, API.base(), store, route);
    }

    private static void go(Browser b, String route) {
        b.go(API.base() + "/admin/#/" + route);
        b.driver().navigate().refresh();
    }

    /** @return the conversation of the shopper's email once the assistant answered it */
    private static String answered(String shopper) {
        return Api.await(() -> {
            for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=50", null).body()) {
                JsonNode messages = API.conversation(store, c.get("id").asText()).get("messages");
                boolean theirs = false;
                boolean reply = false;
                for (JsonNode m : messages) {
                    theirs |= m.get("email") != null && !m.get("email").isNull() && shopper.equals(m.get("email").path("from").asText());
                    reply |= m.get("author").asText().equals("assistant");
                }
                if (theirs && reply) {
                    return c.get("id").asText();
                }
            }
            return null;
        }, id -> id != null);
    }

    private static String toggle() {
        return "#draft-kinds li[data-kind='" + kind + "'] button";
    }

    @Test
    void anAdminTurnsAutoSendOnAndSeesWhatWentOutByItself() {
        // five answers of one FAQ item approved as drafted: the kind meets the bar
        for (int i = 0; i < 5; i++) {
            ask("gift" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com");
        }
        List<JsonNode> pending = Api.await(() -> {
            List<JsonNode> out = new ArrayList<>();
            API.admin("GET", "/api/stores/" + store + "/drafts?status=pending", null).body().forEach(out::add);
            return out;
        }, l -> l.size() == 5);
        for (JsonNode d : pending) {
            assertEquals(kind, "faq:" + d.get("citedFaqIds").path(0).asText(), "an answer from the FAQ item: " + d);
            assertEquals(200, API.admin("POST", "/api/stores/" + store + "/drafts/" + d.get("id").asText() + "/approve", null).status());
        }
        String approvedConversation = pending.get(0).get("conversationId").asText();
        assertTrue(kindStats().get("eligible").asBoolean());
        assertTrue(!kindStats().get("autoSend").asBoolean(), "off by default");

        String next = "gift-next-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        try (Browser b = Browser.open(1440, 900)) {
            signIn(b, "drafts");
            click(b, toggle(), "Send without review");
            Api.await(() -> kindStats().get("autoSend").asBoolean(), on -> on);
            WebElement on = seen(b, "#draft-kinds li[data-kind='" + kind + "'] .chip", "auto-send on");
            assertEquals("auto-send on", on.getText());
            assertEquals("Back to review", seen(b, toggle(), null).getText());
            Looks.screenshot(b, "drafts-autosend-on-desktop");

            // the next question of this kind goes out by itself, and its conversation says so
            ask(next);
            String auto = answered(next);
            go(b, "inbox/" + auto);
            WebElement mark = seen(b, ".conversation .thread li.msg.assistant .chip.auto-sent", null);
            assertEquals("Sent automatically", mark.getText());
            Looks.screenshot(b, "auto-sent-mark-desktop");
            go(b, "inbox/" + approvedConversation);
            seen(b, ".conversation .thread li.msg.assistant", "gift wrapping is free");
            assertTrue(b.driver().findElements(By.cssSelector(".conversation .thread .auto-sent")).isEmpty(),
                    "a reply an agent approved carries no auto-sent mark");

            go(b, "analytics");
            WebElement kpi = seen(b, ".kpi", "Email replies sent automatically");
            assertEquals("1", kpi.findElement(By.cssSelector(".value")).getText(), kpi.getText());
            assertTrue(kpi.getText().contains("5 approved as drafted"), kpi.getText());
            Looks.screenshot(b, "analytics-auto-sent-desktop");

            go(b, "drafts");
            click(b, toggle(), "Back to review");
            Api.await(() -> kindStats().get("autoSend").asBoolean(), stillOn -> !stillOn);
            assertEquals("Send without review", seen(b, toggle(), "Send without review").getText());
        }

        try (Browser p = Browser.open(390, 844)) {
            signIn(p, "drafts");
            click(p, toggle(), "Send without review");
            Api.await(() -> kindStats().get("autoSend").asBoolean(), on -> on);
            seen(p, "#draft-kinds li[data-kind='" + kind + "'] .chip", "auto-send on");
            Looks.assertNoSidewaysScroll(p, "the Drafts view on a phone");
            Looks.screenshot(p, "drafts-autosend-on-phone");
            go(p, "inbox/" + answered(next));
            assertEquals("Sent automatically", seen(p, ".conversation .thread li.msg.assistant .chip.auto-sent", null).getText());
            Looks.screenshot(p, "auto-sent-mark-phone");
        }
    }
}
