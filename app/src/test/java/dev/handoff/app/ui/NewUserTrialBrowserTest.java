package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.handoff.app.support.Looks.assertNotSeen;
import static dev.handoff.app.support.Looks.assertSeen;
import static dev.handoff.app.support.Looks.click;
import static dev.handoff.app.support.Looks.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new user tripped over on a first try, checked as a person sees it at desktop (1440×900) and phone (390×844)
 * sizes; each test's name says what it checks.
 */
class NewUserTrialBrowserTest {

    private static final Api API = TestApp.api();
    private static final int[][] SIZES = {{1440, 900}, {390, 844}};

    private static String name(int[] size) {
        return size[0] < 500 ? "phone" : "desktop";
    }

    private static void go(Browser b, String route) {
        b.go(API.base() + "/admin/#/" + route);
        b.driver().navigate().refresh();
    }

    private static WebElement byId(Browser b, String id) {
        return b.find("#" + id);
    }

    @Test
    void alwaysOpenHidesTheDayRowsAndUntickingBringsThemBack() {
        for (int[] size : SIZES) {
            String store = API.createStore("Hours Shop " + name(size)).id();
            try (Browser b = Browser.open(size[0], size[1])) {
                AdminSignIn.signIn(b, API.base(), store, "settings/general");
                seen(b, "#always-open-note", "Open every day");
                assertTrue(byId(b, "always-open").isSelected(), "a new store is always open");
                for (String day : List.of("monday", "wednesday", "sunday")) {
                    assertNotSeen(b, byId(b, "open-" + day), day + "'s open box while always open");
                    assertNotSeen(b, byId(b, "from-" + day), day + "'s opening time while always open");
                }
                Looks.screenshot(b, "hours-always-open-" + name(size));

                click(b, "#always-open", null);
                WebElement monday = seen(b, "#open-monday", null);
                assertTrue(monday.isSelected() && byId(b, "open-friday").isSelected(), "unticking suggests Monday to Friday");
                assertFalse(byId(b, "open-saturday").isSelected(), "and leaves the weekend closed");
                assertNotSeen(b, byId(b, "always-open-note"), "the always-open line once unticked");
                seen(b, "#to-sunday", null);
                Looks.screenshot(b, "hours-per-day-" + name(size));
                Looks.assertNoSidewaysScroll(b, "business hours on " + name(size));

                // an evening that closes before it opens: the message names the day as the form does
                b.js("const i = document.getElementById('to-tuesday'); i.value = '08:00'; i.dispatchEvent(new Event('input', {bubbles: true}));");
                click(b, ".settings-body form button[type=submit]", "Save");
                seen(b, ".toast.error", "Business hours on Tuesday: open must be before close");
                b.js("const i = document.getElementById('to-tuesday'); i.value = '17:00'; i.dispatchEvent(new Event('input', {bubbles: true}));");
                click(b, ".settings-body form button[type=submit]", "Save");
                JsonNode days = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/settings", null).body(),
                        s -> s.get("businessHours").get("days").size() == 5).get("businessHours").get("days");
                assertEquals("09:00", days.get("tuesday").get(0).get("open").asText());

                go(b, "settings/general");
                assertFalse(seen(b, "#always-open", null).isSelected(), "saved hours are not always open");
                seen(b, "#open-tuesday", null);
                click(b, "#always-open", null);
                seen(b, "#always-open-note", "Open every day");
                assertNotSeen(b, byId(b, "open-tuesday"), "Tuesday's open box once always open is ticked again");
                click(b, ".settings-body form button[type=submit]", "Save");
                Api.await(() -> API.admin("GET", "/api/stores/" + store + "/settings", null).body(),
                        s -> s.get("businessHours").get("days").isEmpty());
            }
        }
    }

    @Test
    void emptyDraftsSayWhereDraftsComeFromUntilAMailboxIsConnected() {
        String store = API.createStore("Drafts Hint Shop").id();
        for (int[] size : SIZES) {
            try (Browser b = Browser.open(size[0], size[1])) {
                AdminSignIn.signIn(b, API.base(), store, "drafts");
                WebElement empty = seen(b, "#queue-empty", "email wait here for your review");
                assertFalse(empty.getText().contains("Nice work"), empty.getText());
                Looks.screenshot(b, "drafts-no-mailbox-" + name(size));
                click(b, "#queue-empty a", "Connect a mailbox in Settings → Channels");
                seen(b, ".subnav a[aria-current=page]", "Channels");
                seen(b, "#channel-list", null);
            }
        }
        try (Mailserver mail = new Mailserver()) {
            String box = "hint-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
            mail.user(box, "pw-h");
            Api.Res created = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-h"));
            assertEquals(201, created.status(), created.raw());
            try (Browser b = Browser.open(1440, 900)) {
                AdminSignIn.signIn(b, API.base(), store, "drafts");
                WebElement empty = seen(b, "#queue-empty", "No drafts waiting. Nice work.");
                assertFalse(empty.getText().contains("Settings → Channels"), "with a mailbox the hint is gone: " + empty.getText());
            } finally {
                API.admin("DELETE", "/api/stores/" + store + "/channels/" + created.body().get("id").asText(), null);
            }
        }
    }

    @Test
    void ticketSelectsAreNamedOnAPhoneCardAndAllTheSameSize() {
        String store = API.createStore("Ticket Cards Shop").id();
        Api.Store s = new Api.Store(store, API.widgetKey(store));
        Api.Visitor v = API.startConversation(s.widgetKey(), "Card Tester", null);
        API.say(v, "My package arrived damaged, I want to talk to a person");
        API.settled(store, v.conversationId());
        int number = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + v.conversationId(), null).body(),
                t -> t.size() > 0).get(0).get("number").asInt();
        List<String> labels = List.of("Status", "Priority", "Category", "Assignee");
        for (int[] size : SIZES) {
            boolean phone = size[0] < 500;
            try (Browser b = Browser.open(size[0], size[1])) {
                AdminSignIn.signIn(b, API.base(), store, "tickets");
                WebElement card = seen(b, "tr[data-number='" + number + "']", null);
                List<Map<String, Object>> boxes = new ArrayList<>();
                for (String label : labels) {
                    WebElement select = card.findElement(By.cssSelector("select[aria-label='" + label.toLowerCase() + " of ticket " + number + "']"));
                    assertSeen(b, select, label + " select");
                    WebElement cell = select.findElement(By.xpath("./ancestor::td[1]"));
                    WebElement shown = cell.findElement(By.cssSelector(".cell-label"));
                    if (phone) {
                        assertSeen(b, shown, "the label " + label + " on a phone card");
                        assertEquals(label, shown.getText());
                    } else {
                        assertNotSeen(b, shown, "the cell's label " + label + " under the table's own header");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> box = (Map<String, Object>) b.js("const r = arguments[0].getBoundingClientRect();"
                            + " return {w: Math.round(r.width), h: Math.round(r.height), f: getComputedStyle(arguments[0]).fontSize};", select);
                    boxes.add(box);
                }
                for (int i = 1; i < boxes.size(); i++) {
                    assertEquals(boxes.get(0).get("h"), boxes.get(i).get("h"), labels.get(i) + " is as tall as Status: " + boxes);
                    assertEquals(boxes.get(0).get("f"), boxes.get(i).get("f"), labels.get(i) + " has Status's text size: " + boxes);
                    if (phone) {
                        assertEquals(boxes.get(0).get("w"), boxes.get(i).get("w"), labels.get(i) + " is as wide as Status on a card: " + boxes);
                    }
                }
                if (phone) {
                    Looks.assertNoSidewaysScroll(b, "ticket cards");
                }
                Looks.screenshot(b, "tickets-labelled-" + name(size));
                Looks.assertAccessible(b, "tickets on " + name(size));
            }
        }
    }

    @Test
    void everyPageTheAppServesHasAnIconThatLoads() {
        Api.Res ico = API.sendRaw("GET", "/favicon.ico", "");
        assertEquals(200, ico.status(), "/favicon.ico, which browsers ask for by themselves");
        assertTrue(ico.contentType().startsWith("image/"), ico.contentType());
        Api.Res svg = API.sendRaw("GET", "/favicon.svg", "");
        assertEquals(200, svg.status());
        assertTrue(svg.contentType().startsWith("image/svg+xml"), svg.contentType());
        try (Browser b = Browser.open(1440, 900)) {
            for (String page : List.of("/", "/admin/", "/help/demo")) {
                b.go(API.base() + page);
                List<WebElement> links = b.driver().findElements(By.cssSelector("link[rel~=icon]")); // the page has loaded
                assertFalse(links.isEmpty(), page + " declares no icon: " + b.driver().getPageSource());
                String href = links.get(0).getDomProperty("href");
                assertNotNull(href, page);
                Object loaded = b.driver().executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const img = new Image();
                        img.onload = () => done(img.naturalWidth > 0 && img.naturalHeight > 0);
                        img.onerror = () => done(false);
                        img.src = arguments[0];""", href);
                assertEquals(Boolean.TRUE, loaded, page + ": its icon " + href + " loads as a picture");
                List<String> failed = new ArrayList<>();
                for (LogEntry e : b.driver().manage().logs().get(LogType.BROWSER)) {
                    // any load of an icon that failed, and (as Browser.close checks, these logs being read here) any error of ours
                    boolean ours = e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                            && !e.getMessage().contains("Failed to load resource") && !e.getMessage().contains("WebSocket connection to");
                    if (e.getMessage().contains("favicon") || ours) {
                        failed.add(e.getMessage());
                    }
                }
                assertTrue(failed.isEmpty(), page + ": " + failed);
            }
        }
    }

    @Test
    void theStorefrontLinksTheDashboard() {
        for (int[] size : SIZES) {
            try (Browser b = Browser.open(size[0], size[1])) {
                b.go(API.base() + "/");
                WebElement hint = seen(b, ".hint", "Agents sign in to the dashboard at /admin");
                assertFalse(hint.getText().contains("to the API"), hint.getText());
                Looks.screenshot(b, "storefront-hint-" + name(size));
                click(b, ".hint a", "/admin");
                seen(b, "form.login input[name=email]", null);
                assertTrue(b.driver().getCurrentUrl().contains("/admin"), b.driver().getCurrentUrl());
            }
        }
    }

    @Test
    void conversationNotFoundIsPaddedLikeOtherEmptyStates() {
        String store = API.createStore("Missing Conversation Shop").id();
        for (int[] size : SIZES) {
            try (Browser b = Browser.open(size[0], size[1])) {
                AdminSignIn.signIn(b, API.base(), store, "inbox/" + UUID.randomUUID());
                WebElement error = seen(b, "#conversation-error", "not found");
                Number inset = (Number) b.js("""
                        const el = arguments[0], r = document.createRange();
                        r.selectNodeContents(el);
                        const text = r.getBoundingClientRect(), panel = el.parentElement.getBoundingClientRect();
                        return Math.min(text.left - panel.left, text.top - panel.top);""", error);
                assertTrue(inset.doubleValue() >= 12, "the message sits " + inset + " px from the panel's edge");
                Looks.screenshot(b, "conversation-missing-" + name(size));
            }
        }
    }
}
