package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.handoff.app.support.Looks.assertSeen;
import static dev.handoff.app.support.Looks.click;
import static dev.handoff.app.support.Looks.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every mutating control of the dashboard, clicked as a person would in Chromium, with the change read
 * back from the API: a conversation's take over / hand back / resolve / reopen, an FAQ item's edit and
 * delete, canned responses, each settings page, an IMAP connection that fails (said in plain words),
 * inviting and removing an agent; axe-core on every view; the drafts and settings views on a phone
 * without sideways scrolling. A store of its own keeps the demo store's settings untouched.
 */
class DashboardControlsBrowserTest {

    private static final Api API = TestApp.api();
    private static String store;
    private static String widgetKey;
    private static String adminId;

    @BeforeAll
    static void shop() {
        Api.Store s = API.createStore("Controls Shop");
        store = s.id();
        widgetKey = s.widgetKey();
        adminId = API.admin("GET", "/api/auth/me", null).body().get("id").asText();
        API.importFaq(store, List.of(
                Map.of("category", "Shipping", "question", "Do you ship to Norway?", "answer", "Yes, in 4 to 6 business days."),
                Map.of("category", "Returns", "question", "Can I return sale items?", "answer", "Yes, within 14 days.")));
    }

    private static void signIn(Browser b, String route) {
        AdminSignIn.signIn(b, API.base(), store, route);
    }

    private static void go(Browser b, String route) {
        b.go(API.base() + "/admin/#/" + route);
        b.driver().navigate().refresh();
    }

    private static JsonNode get(String path) {
        return API.admin("GET", "/api/stores/" + store + path, null).body();
    }

    private static JsonNode awaitApi(String path, Predicate<JsonNode> done) {
        return Api.await(() -> get(path), done);
    }

    private static void type(Browser b, String css, String value) {
        WebElement e = seen(b, css, null);
        e.clear();
        e.sendKeys(value);
    }

    @Test
    void everyControlStoresItsChangeAndEveryViewPassesAxe() throws Exception {
        Api.Visitor v = API.startConversation(widgetKey, "Ola", "ola@example.com");
        API.say(v, "Do you ship to Norway?");
        API.settled(store, v.conversationId());
        String conversation = "/conversations/" + v.conversationId();
        try (Browser b = Browser.open(1440, 900)) {
            signIn(b, "inbox/" + v.conversationId());
            seen(b, ".conversation .thread li.msg", "4 to 6 business days");
            Looks.assertAccessible(b, "conversation");

            click(b, "#take-over", null);
            awaitApi(conversation, c -> adminId.equals(c.get("conversation").get("assigneeId").asText()));
            click(b, ".conv-head button", "Hand back to assistant");
            awaitApi(conversation, c -> c.get("conversation").get("assigneeId").isNull());
            click(b, "#resolve", null);
            awaitApi(conversation, c -> c.get("conversation").get("status").asText().equals("resolved"));
            click(b, "#reopen", null);
            awaitApi(conversation, c -> !c.get("conversation").get("status").asText().equals("resolved"));
            seen(b, "#resolve", null);

            // FAQ: edit an item's answer, then delete the other
            go(b, "knowledge");
            click(b, ".faq-items li a", "Do you ship to Norway?");
            type(b, "#faq-answer", "Yes, in 3 to 5 business days with Posten.");
            click(b, "#faq-save", null);
            awaitApi("/faq/items", items -> contains(items, "answer", "Yes, in 3 to 5 business days with Posten."));
            Looks.assertAccessible(b, "knowledge base");
            click(b, ".faq-items li a", "Can I return sale items?");
            click(b, ".faq-editor button.danger", "Delete");
            b.driver().switchTo().alert().accept();
            awaitApi("/faq/items", items -> !contains(items, "question", "Can I return sale items?"));

            // canned responses: add one, then delete it (confirmed)
            go(b, "settings/canned");
            type(b, "input[name=shortcut]", "thanks");
            type(b, "input[name=title]", "Thank you");
            type(b, "textarea[name=body]", "Thanks {{customer.name}}, happy to help!");
            click(b, ".settings-body form button[type=submit]", "Add");
            awaitApi("/canned-responses", all -> contains(all, "shortcut", "thanks"));
            seen(b, "ul.canned li", "/thanks");
            Looks.assertAccessible(b, "settings: canned responses");
            click(b, "ul.canned li button", "Delete");
            b.driver().switchTo().alert().accept();
            awaitApi("/canned-responses", all -> !contains(all, "shortcut", "thanks"));

            // each settings page stores its change
            go(b, "settings/general");
            boolean escalate = get("/settings").get("escalateOnBadRating").asBoolean();
            click(b, "#csat-escalate", null);
            click(b, ".settings-body form button[type=submit]", "Save");
            awaitApi("/settings", s -> s.get("escalateOnBadRating").asBoolean() != escalate);
            Looks.assertAccessible(b, "settings: general");
            go(b, "settings/widget");
            type(b, "#w-greeting", "Hei! How can we help?");
            click(b, ".settings-body form button[type=submit]", "Save");
            awaitApi("/settings", s -> s.get("widget").get("greeting").asText().equals("Hei! How can we help?"));
            Looks.assertAccessible(b, "settings: widget");
            go(b, "settings/notifications");
            type(b, "#retention", "400");
            click(b, ".settings-body form button[type=submit]", "Save");
            awaitApi("/settings", s -> s.get("retentionDays").asInt() == 400);
            Looks.assertAccessible(b, "settings: notifications");

            // an IMAP server that cannot be reached: said beside the form, in words, and nothing stored
            go(b, "settings/channels");
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            type(b, "input[name=email]", "help@controls.test");
            type(b, "input[name=imapHost]", "127.0.0.1");
            type(b, "input[name=imapPort]", String.valueOf(closed));
            type(b, "input[name=smtpHost]", "127.0.0.1");
            type(b, "input[name=smtpPort]", String.valueOf(closed));
            type(b, "input[name=password]", "not-the-password");
            click(b, ".settings-body form button[type=submit]", "Connect");
            WebElement error = seen(b, "#imap-error", "Could not connect");
            String said = error.getText();
            assertFalse(said.contains("Exception") || said.contains("jakarta.") || said.contains("java."), said);
            assertEquals(0, get("/channels").size(), "nothing stored for a mailbox that could not connect");
            Looks.assertAccessible(b, "settings: channels");

            // agents: invite one as an agent of this store, then remove them
            go(b, "settings/agents");
            String email = "agent-" + UUID.randomUUID().toString().substring(0, 8) + "@controls.test";
            type(b, ".invite input[name=name]", "Ingrid Agent");
            type(b, ".invite input[name=email]", email);
            type(b, ".invite input[name=password]", "a-long-enough-password");
            click(b, ".invite button[type=submit]", "Add");
            JsonNode agents = awaitApi("/agents", all -> contains(all, "email", email));
            String agentId = null;
            for (JsonNode a : agents) {
                if (a.get("email").asText().equals(email)) {
                    assertEquals("agent", a.get("role").asText());
                    agentId = a.get("id").asText();
                }
            }
            assertEquals("agent", roleOf(email), "a store's invitation never makes an instance admin");
            Looks.assertAccessible(b, "settings: agents");
            click(b, "#member-list li[data-id='" + agentId + "'] .remove-member", null);
            b.driver().switchTo().alert().accept();
            awaitApi("/agents", all -> !contains(all, "email", email));

            for (String view : List.of("drafts", "tickets", "search", "analytics")) {
                go(b, view);
                seen(b, "#nav-" + view + "[aria-current=page]", null);
                b.until(d -> !d.findElement(By.id("view")).getText().contains("Loading…"));
                Looks.assertAccessible(b, view);
            }
            assertTrue(b.consoleErrors().isEmpty(), "console errors: " + b.consoleErrors());
        }
    }

    @Test
    void theDraftsAndSettingsViewsFitAPhone() {
        try (Browser b = Browser.open(390, 844)) {
            signIn(b, "drafts");
            seen(b, "#nav-drafts[aria-current=page]", null);
            b.until(d -> !d.findElement(By.id("view")).getText().contains("Loading…"));
            Looks.assertNoSidewaysScroll(b, "the drafts on a phone");
            Looks.assertAccessible(b, "drafts (phone)");
            for (String section : List.of("general", "widget", "notifications", "canned", "channels", "agents")) {
                go(b, "settings/" + section);
                seen(b, ".subnav a[aria-current=page]", null);
                seen(b, ".settings-body button", null); // the page's first button, scrolled to, is seen
                Looks.assertNoSidewaysScroll(b, "settings: " + section + " on a phone");
            }
            Looks.screenshot(b, "settings-agents-phone");
        }
    }

    private static String roleOf(String email) {
        for (JsonNode a : API.admin("GET", "/api/agents", null).body()) {
            if (a.get("email").asText().equals(email)) {
                return a.get("role").asText();
            }
        }
        return "missing";
    }

    private static boolean contains(JsonNode rows, String field, String value) {
        for (JsonNode r : rows) {
            if (r.has(field) && r.get(field).asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
