package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static dev.handoff.app.support.Looks.assertSeen;
import static dev.handoff.app.support.Looks.awaitSeen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard as a person sees it: on a phone (390×844) the inbox list opens a conversation whose
 * newest message and reply box are on screen, tickets are cards, nothing scrolls sideways; a long conversation
 * opens at its newest message with the reply box on screen at desktop and phone sizes; the ticket page
 * shows what happened and its changes are stored; axe-core finds no serious violation on each view.
 */
class DashboardLooksTest {

    private static final Api API = TestApp.api();

    private static void signIn(Browser b) {
        AdminSignIn.signIn(b, API.base(), API.storeId("demo"), null);
    }

    private static JsonNode escalated() {
        String store = API.storeId("demo");
        Api.Visitor v = API.startConversation("demo", "Phone Tester", null);
        API.say(v, "My package arrived damaged, I want to talk to a person");
        API.settled(store, v.conversationId());
        return Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + v.conversationId(), null).body(),
                t -> t.size() > 0).get(0);
    }

    @Test
    void onAPhoneTheInboxConversationAndTicketsFitTheScreen() {
        JsonNode ticket = escalated();
        String conversation = ticket.get("conversationId").asText();
        try (Browser b = Browser.open(390, 844)) {
            signIn(b);
            b.go(API.base() + "/admin/#/inbox");
            b.driver().navigate().refresh();
            b.until(d -> { // the inbox renders again once its first read arrives
                d.findElement(By.id("tab-escalated")).click();
                return true;
            });
            java.util.function.Supplier<WebElement> row = () -> b.driver().findElements(By.cssSelector("#inbox-rows li[data-id='" + conversation + "'] a"))
                    .stream().findFirst().orElse(null);
            awaitSeen(b, row, "the conversation's inbox row");
            Looks.assertNoSidewaysScroll(b, "the inbox");
            Looks.assertAccessible(b, "inbox (phone)");
            Looks.clickOnceSeen(b, row, "the conversation's inbox row"); // the inbox draws its rows again as live updates arrive
            WebElement newest = awaitSeen(b, () -> {
                List<WebElement> msgs = b.driver().findElements(By.cssSelector(".conversation .thread li.msg"));
                return msgs.isEmpty() ? null : msgs.get(msgs.size() - 1);
            }, "the newest message of the conversation");
            assertTrue(newest.getText().contains("ticket #"), newest.getText());
            assertSeen(b, b.find("#back-to-inbox"), "the way back to the list");
            WebElement reply = b.find("#reply-text");
            b.js("arguments[0].scrollIntoView({block: 'center'})", reply);
            assertSeen(b, reply, "the reply box");
            Looks.assertNoSidewaysScroll(b, "the conversation");
            Looks.assertAccessible(b, "conversation (phone)");
            b.js("arguments[0].scrollIntoView({block: 'end'})", newest);
            Looks.screenshot(b, "dashboard-phone");

            b.go(API.base() + "/admin/#/tickets");
            WebElement card = awaitSeen(b, () -> b.driver().findElements(By.cssSelector("tr[data-number='" + ticket.get("number").asInt() + "']"))
                    .stream().findFirst().orElse(null), "the ticket's card");
            Looks.assertNoSidewaysScroll(b, "the tickets");
            Looks.assertAccessible(b, "tickets (phone)");
            b.js("arguments[0].scrollIntoView({block: 'center'})", card); // scrolled down the list to it, as a person does
            card.findElement(By.cssSelector("a.ticket-link")).click();
            WebElement summary = awaitSeen(b, () -> b.driver().findElements(By.id("ticket-summary-text")).stream().findFirst().orElse(null),
                    "the ticket's summary");
            assertTrue(summary.getText().contains("damaged item"), summary.getText());
            // the page opens at its top, and stays there once the ticket's conversation has drawn its messages
            b.until(d -> d.findElements(By.cssSelector(".ticket-conversation .thread li.msg")).size() >= 2);
            assertSeen(b, b.find(".ticket-page h2"), "the ticket's title");
            assertTrue(b.find(".ticket-page h2").getText().startsWith("Ticket #"), b.find(".ticket-page h2").getText());
            assertSeen(b, b.find(".ticket-page a[href='#/tickets']"), "← All tickets");
            Looks.screenshot(b, "ticket-phone");
            Looks.assertNoSidewaysScroll(b, "the ticket page");
        }
    }

    /**
     * On a phone an agent scrolls down a long ticket list, opens a ticket and goes Back: the list is where they left it,
     * the ticket they opened on screen; a page opened anew starts at its top.
     */
    @Test
    void onAPhoneBackReturnsToTheSamePlaceInTheTicketList() {
        Api.Store shop = API.createStore("Long Queue " + System.nanoTime());
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Api.Visitor v = API.startConversation(shop.widgetKey(), "Shopper " + i, null);
            API.say(v, "My parcel number " + i + " arrived damaged, I want to talk to a person");
            ids.add(v.conversationId());
        }
        ids.forEach(id -> API.settled(shop.id(), id));
        try (Browser b = Browser.open(390, 844)) {
            AdminSignIn.signIn(b, API.base(), shop.id(), "tickets");
            b.until(d -> d.findElements(By.cssSelector("tr[data-number]")).size() >= 30);
            String number = b.driver().findElements(By.cssSelector("tr[data-number]")).get(24).getAttribute("data-number");
            java.util.function.Supplier<WebElement> card = () -> b.driver().findElements(By.cssSelector("tr[data-number='" + number + "']"))
                    .stream().findFirst().orElse(null);
            b.js("arguments[0].scrollIntoView({block: 'center'})", card.get()); // scrolled down the list to it, as a person does
            long down = ((Number) b.js("return window.scrollY")).longValue();
            assertTrue(down > 500, "the list scrolls: " + down);
            card.get().findElement(By.cssSelector("a.ticket-link")).click();
            awaitSeen(b, () -> b.driver().findElements(By.id("ticket-summary-text")).stream().findFirst().orElse(null), "the ticket's summary");
            assertEquals(0, ((Number) b.js("return window.scrollY")).longValue(), "the ticket opens at its top");

            // on a slow network the list draws again well after the browser would have restored the scroll position
            org.openqa.selenium.chromium.ChromiumNetworkConditions slow = new org.openqa.selenium.chromium.ChromiumNetworkConditions();
            slow.setLatency(java.time.Duration.ofMillis(600));
            b.driver().setNetworkConditions(slow);
            b.driver().navigate().back();
            awaitSeen(b, card, "the ticket the agent opened, after Back, without scrolling");
            b.driver().deleteNetworkConditions();
            assertEquals(down, ((Number) b.js("return window.scrollY")).longValue(), "Back returns to where the list was");
            Looks.screenshot(b, "tickets-back-phone");
        }
    }

    /**
     * A long conversation with a customer whose name is their email address, as the inbox shows it at desktop and
     * phone sizes: the row keeps its unread badge and time beside the shortened name, nothing scrolls sideways; opened,
     * the thread shows its newest message and the reply box with Send is on screen, with no page to scroll; the header
     * names the address once.
     */
    @ParameterizedTest(name = "{2}")
    @CsvSource({"1440, 900, desktop", "390, 844, phone"})
    void aLongConversationOpensAtItsNewestMessageWithTheReplyBoxOnScreen(int width, int height, String device) {
        String address = "david.okafor@example.com";
        Api.Store shop = API.createStore("Long Thread Shop");
        Api.Visitor v = API.startConversation(shop.widgetKey(), address, address);
        API.say(v, "My package arrived damaged, I want to talk to a person");
        API.settled(shop.id(), v.conversationId());
        for (int i = 1; i <= 5; i++) {
            API.admin("POST", "/api/stores/" + shop.id() + "/conversations/" + v.conversationId() + "/messages",
                    Map.of("text", "Reply " + i + ": we are looking into it with the carrier and will write again shortly."));
            API.say(v, "Thank you, any news? (" + i + ")");
        }
        String newest = "Newest: the replacement has left the warehouse?";
        API.say(v, newest);
        try (Browser b = Browser.open(width, height)) {
            AdminSignIn.signIn(b, API.base(), shop.id(), "inbox");
            java.util.function.Supplier<WebElement> row = () -> b.driver().findElements(By.cssSelector("#inbox-rows li[data-id='" + v.conversationId() + "'] a"))
                    .stream().findFirst().orElse(null);
            awaitSeen(b, row, "the conversation's inbox row");
            assertSeen(b, row.get().findElement(By.cssSelector(".badge")), "the row's unread badge");
            assertSeen(b, row.get().findElement(By.tagName("time")), "the row's time");
            assertEquals(Boolean.TRUE, b.js("const l = document.getElementById('inbox-rows'); return l.scrollWidth <= l.clientWidth;"),
                    "the inbox list scrolls sideways");
            Looks.assertNoSidewaysScroll(b, "the inbox");
            Looks.screenshot(b, "inbox-long-name-" + device);

            Looks.clickOnceSeen(b, row, "the conversation's inbox row");
            awaitSeen(b, () -> b.driver().findElements(By.id("ticket-summary")).stream().findFirst().orElse(null), "the ticket summary");
            WebElement last = awaitSeen(b, () -> {
                List<WebElement> msgs = b.driver().findElements(By.cssSelector(".conversation .thread li.msg"));
                return msgs.isEmpty() || !msgs.get(msgs.size() - 1).getText().contains(newest) ? null : msgs.get(msgs.size() - 1);
            }, "the newest message, without scrolling");
            assertSeen(b, last, "the newest message");
            assertSeen(b, b.find("#reply-text"), "the reply box");
            assertSeen(b, b.find("#send-reply"), "Send");
            assertEquals(Boolean.TRUE, b.js("return document.documentElement.scrollHeight <= innerHeight"),
                    "the page is taller than the window: " + b.js("return document.documentElement.scrollHeight + ' > ' + innerHeight"));
            String head = b.find(".conv-head").getText();
            assertEquals(1, head.split(java.util.regex.Pattern.quote(address), -1).length - 1, "the header names the address once: " + head);
            Looks.assertNoSidewaysScroll(b, "the conversation");
            Looks.screenshot(b, "inbox-newest-" + device);
        }
    }

    /** Picks an option as a person would; the page renders its fields again after each stored change. */
    private static void choose(Browser b, String id, String value) {
        b.until(d -> {
            Select s = new Select(d.findElement(By.id(id)));
            if (!value.equals(s.getFirstSelectedOption().getAttribute("value"))) {
                s.selectByValue(value);
            }
            return true;
        });
    }

    @Test
    void theTicketPageShowsWhatHappenedAndStoresEveryChange() {
        JsonNode ticket = escalated();
        int number = ticket.get("number").asInt();
        String store = API.storeId("demo");
        try (Browser b = Browser.open(1440, 900)) {
            signIn(b);
            b.go(API.base() + "/admin/#/tickets/" + number);
            b.driver().navigate().refresh();
            WebElement summary = awaitSeen(b, () -> b.driver().findElements(By.id("ticket-summary-text")).stream().findFirst().orElse(null),
                    "the ticket's summary");
            assertTrue(summary.getText().contains("damaged item"), summary.getText());
            assertTrue(b.find(".ticket-info .reason").getText().startsWith("Damaged item"), b.find(".ticket-info .reason").getText());
            awaitSeen(b, () -> b.driver().findElements(By.cssSelector(".ticket-conversation .thread li.msg.customer")).stream().findFirst().orElse(null),
                    "the conversation on the ticket page");
            Looks.assertAccessible(b, "ticket page");

            choose(b, "ticket-priority", "low"); // the escalation made it high or urgent: a real change
            Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets/" + number, null).body(),
                    d -> d.get("ticket").get("priority").asText().equals("low"));
            b.until(d -> "low".equals(d.findElement(By.id("ticket-priority")).getAttribute("value")));
            choose(b, "ticket-status", "waiting");
            Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets/" + number, null).body(),
                    d -> d.get("ticket").get("status").asText().equals("waiting"));
            b.until(d -> "waiting".equals(d.findElement(By.id("ticket-status")).getAttribute("value")));
            choose(b, "ticket-category", "delivery_problem");
            Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets/" + number, null).body(),
                    d -> d.get("ticket").get("category").asText().equals("delivery_problem"));
            b.until(d -> d.findElement(By.cssSelector(".history")).getText().contains("Admin changed priority from ")
                    && d.findElement(By.cssSelector(".history")).getText().contains(" to Low"));
            String adminId = API.admin("GET", "/api/auth/me", null).body().get("id").asText();
            choose(b, "ticket-assignee", adminId);
            Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets/" + number, null).body(),
                    d -> adminId.equals(d.get("ticket").get("assigneeId").asText()));
            b.find("#ticket-note").sendKeys("Called the carrier");
            b.find(".note-form button").click();
            JsonNode notes = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/tickets/" + number, null).body()
                    .get("conversation").get("notes"), n -> n.toString().contains("Called the carrier"));
            assertEquals("note", notes.get(notes.size() - 1).get("kind").asText());
            awaitSeen(b, () -> b.driver().findElements(By.cssSelector(".ticket-notes li")).stream()
                    .filter(li -> li.getText().contains("Called the carrier")).findFirst().orElse(null), "the new note");
            Looks.screenshot(b, "ticket-page");
        }
    }
}
