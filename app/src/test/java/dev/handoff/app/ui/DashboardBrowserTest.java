package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end in headless Chromium: the storefront widget on the demo storefront page and the agents'
 * dashboard at /admin, against the real app (embedded PostgreSQL, Lucene, GreenMail for email).
 * Saves screenshots under {@code app/target/screenshots} (README's images are copied from there by hand).
 */
class DashboardBrowserTest {

    private static final Api API = TestApp.api();
    private static final Path SHOTS = dev.handoff.app.support.Looks.SHOTS;
    private static Browser agent;

    @BeforeAll
    static void signIn() {
        agent = Browser.open();
        signIn(agent, API.base());
    }

    @AfterAll
    static void closeBrowser() {
        if (agent != null) {
            agent.close();
        }
    }

    private static void signIn(Browser b, String base) {
        AdminSignIn.signIn(b, base, API.storeId("demo"), null);
    }

    private static void useDemoStore() {
        agent.js("localStorage.setItem('handoff:store', arguments[0])", API.storeId("demo"));
        agent.driver().navigate().refresh();
    }

    private static Browser shopper(String base) {
        Browser b = Browser.open(420, 860); // a narrow phone: the chat takes the whole screen
        b.go(base + "/");
        return b;
    }

    private static WebElement inWidget(Browser b, String css) {
        return b.until(d -> {
            List<WebElement> found = b.widget().findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private static void openChatAndSay(Browser b, String text) {
        SearchContext w = b.widget();
        WebElement bubble = w.findElement(By.cssSelector(".bubble"));
        if ("false".equals(bubble.getAttribute("aria-expanded"))) {
            bubble.click();
        }
        // a shopper who has not written yet sees the Help tab first
        List<WebElement> chatTab = w.findElements(By.cssSelector("[data-tab=chat]"));
        if (!chatTab.isEmpty() && chatTab.get(0).isDisplayed() && !"true".equals(chatTab.get(0).getAttribute("aria-selected"))) {
            chatTab.get(0).click();
        }
        say(b, text);
    }

    private static void say(Browser b, String text) {
        inWidget(b, "form.send textarea").sendKeys(text, Keys.ENTER);
        b.until(d -> messageTexts(b, ".msg.customer").stream().anyMatch(t -> t.contains(text)));
    }

    private static List<String> messageTexts(Browser b, String css) {
        return b.widget().findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    /**
     * Each shown message as its id, its time's ISO instant and its text without the rendered time: "23:59" becomes
     * "Mon 23:59" once the day changes, which is no message lost or changed.
     */
    private static List<String> messagesShown(Browser b) {
        return b.widget().findElements(By.cssSelector(".msg")).stream().map(e -> {
            String text = e.getText();
            String instant = "";
            for (WebElement time : e.findElements(By.tagName("time"))) {
                text = text.replace(time.getText(), "");
                instant = time.getAttribute("datetime");
            }
            return e.getAttribute("data-id") + " " + instant + " " + text;
        }).toList();
    }

    private static String conversationOf(Browser b) {
        String session = (String) b.js("return localStorage.getItem('handoff:demo')");
        try {
            return Api.JSON.readTree(session).get("conversationId").asText();
        } catch (Exception e) {
            throw new AssertionError("no widget session in localStorage: " + session, e);
        }
    }

    @Test
    void aShopperAsksWhereTheirOrderIsAndSeesTrackingLinks() {
        try (Browser shopper = shopper(API.base())) {
            openChatAndSay(shopper, "Where is my order #1034?");
            WebElement ask = inWidget(shopper, ".msg.assistant:not(.greeting)");
            assertTrue(ask.getText().toLowerCase().contains("email"), "asks for the order's email first: " + ask.getText());
            assertTrue(ask.findElement(By.cssSelector(".ai")).isDisplayed(), "AI replies are labelled");
            say(shopper, "david.okafor@example.com");
            WebElement link = inWidget(shopper, ".msg.assistant a[href*='ups.com/track']");
            assertEquals("_blank", link.getAttribute("target"));
            assertTrue(link.getAttribute("href").contains("1Z999AA184641177"), link.getAttribute("href"));
        }
    }

    @Test
    void aShopperAsksForAPersonAndTheAgentSeesItLiveRepliesAndTheShopperSeesTheReplyAtOnce() {
        agent.go(API.base() + "/admin/#/inbox");
        agent.until(d -> { // the tabs render again when their counts arrive
            d.findElement(org.openqa.selenium.By.id("tab-escalated")).click();
            return true;
        });
        agent.find("#tab-escalated[aria-selected='true']");
        try (Browser shopper = shopper(API.base())) {
            openChatAndSay(shopper, "The mug I ordered came broken. I want to talk to a person.");
            String id = conversationOf(shopper);
            // the escalated conversation appears in the open inbox without a reload
            WebElement row = agent.find("#inbox-rows li[data-id='" + id + "'] a");
            row.click();
            WebElement summary = agent.until(d -> {
                WebElement s = d.findElement(By.id("ticket-summary"));
                return s.isDisplayed() && s.getText().contains("Ticket #") ? s : null;
            });
            assertTrue(summary.getText().toLowerCase().contains("broken"), summary.getText());
            agent.find(".conversation .msg.customer");

            // typing both ways
            inWidget(shopper, "form.send textarea").sendKeys("Also the");
            agent.until(d -> d.findElement(By.cssSelector(".conversation .typing")).isDisplayed());
            // the "/" picker fills in a canned response; the agent's typing shows in the widget
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            API.admin("POST", "/api/stores/" + API.storeId("demo") + "/canned-responses",
                    Map.of("shortcut", "mug" + suffix, "title", "Broken mug", "body", "So sorry about the mug! A replacement ships today."));
            WebElement box = agent.find("#reply-text");
            box.sendKeys("/");
            box.sendKeys("mug" + suffix.substring(0, 2));
            agent.until(d -> d.findElement(By.id("canned-picker")).getText().contains("mug" + suffix) ? true : null);
            assertEquals("Support is typing…", inWidget(shopper, ".typing").getText());
            box.sendKeys(Keys.ENTER);
            agent.until(d -> box.getAttribute("value").equals("So sorry about the mug! A replacement ships today.") ? true : null);
            String reply = "So sorry about the mug! A replacement ships today. " + suffix;
            box.sendKeys(" " + suffix, Keys.ENTER);
            long sent = System.nanoTime();
            WebElement seen = shopper.until(Duration.ofSeconds(5), d -> {
                for (WebElement m : shopper.widget().findElements(By.cssSelector(".msg.agent"))) {
                    if (m.getText().contains(reply)) {
                        return m;
                    }
                }
                return null;
            });
            assertTrue((System.nanoTime() - sent) / 1_000_000 < 5000);
            assertTrue(seen.findElement(By.cssSelector(".meta")).getText().startsWith("Admin · "), "a person's reply names its author and time: " + seen.getText());
            // the open widget reads it: a read receipt for the agent
            agent.until(d -> d.findElements(By.cssSelector(".conversation .msg.agent .receipt")).stream().anyMatch(r -> r.getText().equals("Seen")));
            // handed over for a damaged item: nothing for the FAQ to learn, so no "save as FAQ item" under the reply
            agent.find(".conversation .msg.agent .teach[data-decided]");
            agent.driver().findElements(By.cssSelector(".conversation .msg.agent .teach"))
                    .forEach(t -> dev.handoff.app.support.Looks.assertNotSeen(agent, t, "the teach bar under a reply to a damaged-item hand-off"));
            agent.screenshot(SHOTS.resolve("inbox.png"));
        }
    }

    @Test
    void anAgentApprovesAnEmailDraftFromTheReviewQueueWithTheKeyboard() throws Exception {
        String channelPath = null;
        try (Mailserver mail = new Mailserver()) {
            String store = API.createStore("Browser Mail Shop").id();
            API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "How long does shipping take?",
                    "answer", "Orders ship within 2 business days and arrive 3 to 5 days later."));
            String support = "support-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
            mail.user(support, "pw");
            Api.Res channel = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(support, "pw"));
            assertEquals(201, channel.status(), channel.raw());
            channelPath = "/api/stores/" + store + "/channels/" + channel.body().get("id").asText();
            String shopperEmail = "ana-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            mail.user(shopperEmail, "pw");
            mail.deliver(support, mail.email(shopperEmail, support, "Shipping question", "How long does shipping take?", "ship-" + shopperEmail, Map.of()));
            JsonNode draft = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/drafts?status=pending", null).body(), d -> d.size() > 0).get(0);

            agent.js("localStorage.setItem('handoff:store', arguments[0])", store);
            // the inbox row of an email waiting with its draft (channel, mood, draft and unread chips) fits its column
            agent.go(API.base() + "/admin/#/inbox");
            agent.driver().navigate().refresh(); // the store was created after signing in
            agent.until(d -> {
                d.findElement(By.id("tab-pending")).click();
                return !d.findElements(By.cssSelector("#inbox-rows li.row .chip.pending-drafts")).isEmpty();
            });
            // the inbox draws its rows again as live updates arrive: find the chip afresh until a person sees it
            dev.handoff.app.support.Looks.awaitSeen(agent, () -> agent.driver().findElements(By.cssSelector("#inbox-rows li.row .chip.pending-drafts"))
                    .stream().findFirst().orElse(null), "the row's draft chip");
            agent.screenshot(SHOTS.resolve("inbox-draft-row.png"));
            assertEquals(null, agent.js("""
                    const l = document.getElementById('inbox-rows');
                    if (l.scrollWidth <= l.clientWidth) return null;
                    const r = l.getBoundingClientRect().right;
                    return l.scrollWidth + ' px of content in ' + l.clientWidth + ': ' + [...l.querySelectorAll('*')]
                      .filter(e => e.getBoundingClientRect().right > r + 1).slice(0, 5)
                      .map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');"""),
                    "the inbox list does not scroll sideways");
            agent.go(API.base() + "/admin/#/drafts");
            String drafted = draft.get("body").asText();
            WebElement body = agent.until(d -> {
                WebElement e = d.findElement(By.id("draft-body"));
                return e.getAttribute("value").equals(drafted) ? e : null;
            });
            assertTrue(agent.find("article.inbound").getText().contains("How long does shipping take?"), "the inbound email beside the draft");
            agent.screenshot(SHOTS.resolve("drafts.png"));
            body.click();
            body.sendKeys(Keys.END, " Thanks for shopping with us!");
            agent.find("h2").click(); // leave the text field, then the queue's shortcut: a = approve and send
            new Actions(agent.driver()).sendKeys("a").perform();
            agent.find("#queue-empty");
            // under the queue, how this kind of draft fares in review: the FAQ item's answers, approved after an edit
            // (the list is drawn again after each review: read it in one go, then check a person sees it)
            @SuppressWarnings("unchecked")
            List<Object> state = (List<Object>) agent.until(d -> agent.js("""
                    const li = [...document.querySelectorAll("#draft-kinds li[data-kind^='faq:']")]
                      .find(e => e.textContent.includes('1 edited') && e.textContent.includes('How long does shipping take?'));
                    if (!li) return null;
                    li.scrollIntoView({block: 'center'});
                    return [li.textContent, li.querySelector('button').disabled];"""));
            assertTrue(String.valueOf(state.get(0)).contains("FAQ: “How long does shipping take?”"), String.valueOf(state.get(0)));
            assertTrue(String.valueOf(state.get(0)).contains("0 of 1 approved unedited"), String.valueOf(state.get(0)));
            assertEquals(Boolean.TRUE, state.get(1), "auto-send waits for the bar");
            dev.handoff.app.support.Looks.awaitSeen(agent, () -> agent.driver().findElements(By.cssSelector("#draft-kinds li[data-kind^='faq:']"))
                    .stream().findFirst().orElse(null), "the FAQ answers' review figures");
            agent.screenshot(SHOTS.resolve("drafts-kinds.png"));
            JsonNode approved = API.admin("GET", "/api/stores/" + store + "/drafts/" + draft.get("id").asText(), null).body();
            assertFalse("pending".equals(approved.get("status").asText()), approved.toString());
            List<jakarta.mail.internet.MimeMessage> inbox = Api.await(() -> mail.folder(shopperEmail, "pw", "INBOX"), l -> !l.isEmpty());
            String sent = inbox.get(0).getContent().toString();
            assertTrue(sent.contains(drafted.substring(0, 30)) && sent.contains("Thanks for shopping with us!"), sent);
        } finally {
            if (channelPath != null) {
                API.admin("DELETE", channelPath, null); // the mail server is gone: stop syncing it
            }
            useDemoStore();
        }
    }

    @Test
    void aMerchantSearchesAnOrderNumberAndSeesTheMatchHighlighted() {
        String name = "Nina " + UUID.randomUUID().toString().substring(0, 5);
        Api.Visitor v = API.startConversation("demo", name, null);
        String order = String.valueOf(5_000_000 + new java.util.Random().nextInt(4_000_000)); // no other test's order number
        API.say(v, "Has order #" + order + " shipped yet? It is a birthday gift.");
        // searchable within the index delay; wait for it so the test is about the page, not the indexer
        Api.await(() -> API.admin("GET", "/api/stores/" + API.storeId("demo") + "/search?q=" + order, null).raw(), r -> r.contains(v.conversationId()));
        agent.go(API.base() + "/admin/#/search");
        WebElement input = agent.find("#search-input");
        // typed like a person: results follow the typing, the order found from its first digits on
        for (char c : ("#" + order.substring(0, 5)).toCharArray()) {
            input.sendKeys(String.valueOf(c));
        }
        agent.until(d -> hitOf(d, name));
        for (char c : order.substring(5).toCharArray()) {
            input.sendKeys(String.valueOf(c));
        }
        WebElement hit = agent.until(d -> {
            WebElement li = hitOf(d, name);
            return li != null && li.findElements(By.tagName("mark")).stream().anyMatch(m -> m.getText().contains(order)) ? li : null;
        });
        // the whole card opens the conversation, the snippet too
        WebElement snippet = hit.findElement(By.cssSelector(".snippet"));
        assertTrue(snippet.isDisplayed(), "snippet shown");
        agent.screenshot(SHOTS.resolve("search-results.png"));
        snippet.click();
        agent.until(d -> d.getCurrentUrl().endsWith("#/inbox/" + v.conversationId()));
    }

    private static WebElement hitOf(org.openqa.selenium.WebDriver d, String name) {
        for (WebElement li : d.findElements(By.cssSelector("#search-results li"))) {
            if (li.isDisplayed() && li.getText().contains(name)) {
                return li;
            }
        }
        return null;
    }

    @Test
    void analyticsShowsTheFiguresChartsAndTheBusiestHoursHeatmap() {
        Api.Visitor v = API.startConversation("demo", "Olga", null);
        API.say(v, "Do you ship to Canada?");
        agent.go(API.base() + "/admin/#/analytics");
        WebElement heatmap = agent.find("#heatmap");
        assertEquals(8, heatmap.findElements(By.tagName("tr")).size(), "a header row and seven weekdays");
        assertEquals(7 * 24, heatmap.findElements(By.tagName("td")).size());
        assertTrue(agent.driver().findElements(By.cssSelector(".charts canvas")).size() >= 4);
        String conversations = agent.find(".kpi .value").getText();
        assertTrue(Integer.parseInt(conversations) > 0, conversations);
        agent.screenshot(SHOTS.resolve("analytics.png"));
    }

    /**
     * A new store's analytics: ticket categories in words as the ticket page names them, and a sentence instead of
     * an empty table while no help center answer was read.
     */
    @Test
    void analyticsNameCategoriesInWordsAndSayWhenNoHelpCenterAnswerWasRead() {
        Api.Store shop = API.createStore("Analytics Words Shop");
        Api.Visitor v = API.startConversation(shop.widgetKey(), "Rosa", null);
        API.say(v, "My package arrived damaged, I want to talk to a person");
        API.settled(shop.id(), v.conversationId());
        JsonNode ticket = Api.await(() -> API.admin("GET", "/api/stores/" + shop.id() + "/tickets/of-conversation/" + v.conversationId(), null).body(),
                t -> t.size() > 0).get(0);
        assertEquals("damaged_or_defective", ticket.get("category").asText(), ticket.toString());
        try (Browser b = Browser.open(1440, 900)) {
            AdminSignIn.signIn(b, API.base(), shop.id(), "analytics");
            WebElement categories = b.find(".charts figure:nth-child(4) canvas");
            String named = categories.getAttribute("aria-label");
            assertTrue(named.contains("Damaged or defective 1") && !named.contains("_"), named);
            WebElement empty = dev.handoff.app.support.Looks.seen(b, "#help-items-empty", null);
            assertTrue(empty.getText().startsWith("No help center answer"), empty.getText());
            assertTrue(b.driver().findElements(By.cssSelector(".help-stats table")).isEmpty(), "an empty table of help center answers");
            b.js("arguments[0].scrollIntoView({block: 'center'})", categories);
            dev.handoff.app.support.Looks.screenshot(b, "analytics-words");
        }
    }

    @Test
    void theWidgetSurvivesAServerRestartWithoutLosingOrRepeatingTheThread() throws Exception {
        Path dir = TestApp.tempDir();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        HandoffBootstrap.RunningHandoff app = TestApp.start(dir, Map.of("micronaut.server.port", port));
        try (Browser shopper = shopper(base)) {
            openChatAndSay(shopper, "Do you ship to Canada?");
            inWidget(shopper, ".msg.assistant:not(.greeting)");
            String id = conversationOf(shopper);
            List<String> before = messagesShown(shopper);

            app.close();
            shopper.until(d -> shopper.js("return document.querySelector('[data-handoff-widget]').getAttribute('data-connected')") == null);
            app = TestApp.start(dir, Map.of("micronaut.server.port", port));
            shopper.until(Duration.ofSeconds(40), d -> "true".equals(shopper.js(
                    "return document.querySelector('[data-handoff-widget]').getAttribute('data-connected')")));

            Api api = new Api(base, app);
            String store = api.storeId("demo");
            api.admin("POST", "/api/stores/" + store + "/conversations/" + id + "/messages", Map.of("text", "We're back: yes, we ship to Canada."));
            shopper.until(d -> messageTexts(shopper, ".msg.agent").stream().anyMatch(t -> t.contains("ship to Canada")));
            List<String> after = messagesShown(shopper);
            assertEquals(before, after.subList(0, before.size()), "nothing lost");
            assertEquals(before.size() + 1, after.size(), "nothing repeated: " + after);
            List<String> ids = shopper.widget().findElements(By.cssSelector(".msg")).stream().map(e -> e.getAttribute("data-id")).toList();
            assertEquals(ids.size(), new HashSet<>(ids).size());

            shopper.driver().navigate().refresh(); // the next page of the shop: the session comes back from localStorage
            inWidget(shopper, ".bubble").click();
            shopper.until(d -> messagesShown(shopper).size() == after.size());
            assertEquals(after, messagesShown(shopper));
        } finally {
            app.close();
        }
    }
}
