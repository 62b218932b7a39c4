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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.handoff.app.support.Looks.click;
import static dev.handoff.app.support.Looks.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assistant's pending drafts in the conversation view, at desktop (1440×900) and phone (390×844) sizes (GreenMail,
 * real Chromium): an email conversation shows its draft above the reply box, marked unsent and apart from the thread;
 * editing it and pressing "Approve & send" sends the edited text (it leaves the drafts and shows in the thread as the
 * assistant's message); "Discard" takes it away with nothing sent; an agent's own reply withdraws it from the view.
 */
class ConversationDraftsBrowserTest {

    private static final Api API = TestApp.api();
    private static Mailserver mail;
    private static String store;
    private static String box;
    private static String channel;

    @BeforeAll
    static void setUp() {
        mail = new Mailserver();
        store = API.createStore("Drafts In View Shop").id();
        API.admin("POST", "/api/stores/" + store + "/faq/items", Map.of("question", "Do you ship to Canada?",
                "answer", "Yes, we ship to Canada; delivery takes 5 to 8 business days."));
        box = "inview-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(box, "pw-v");
        Api.Res created = API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-v"));
        assertEquals(201, created.status(), created.raw());
        channel = "/api/stores/" + store + "/channels/" + created.body().get("id").asText();
    }

    @AfterAll
    static void tearDown() {
        API.admin("DELETE", channel, null); // the mail server goes away: stop syncing it
        mail.close();
    }

    /** @return the pending drafts by the address of the shopper each answers, once there are {@code n} */
    private static Map<String, JsonNode> pending(int n) {
        JsonNode list = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/drafts?status=pending", null).body(), d -> d.size() == n);
        Map<String, JsonNode> out = new HashMap<>();
        list.forEach(d -> out.put(d.get("inbound").get("email").get("from").asText(), d));
        return out;
    }

    private static JsonNode draft(JsonNode d) {
        return API.admin("GET", "/api/stores/" + store + "/drafts/" + d.get("id").asText(), null).body();
    }

    private static void open(Browser b, String conversation) {
        b.go(API.base() + "/admin/#/inbox/" + conversation);
        b.driver().navigate().refresh();
    }

    private static boolean assistantInThread(Browser b) {
        return !b.driver().findElements(By.cssSelector(".conversation .thread li.msg.assistant")).isEmpty();
    }

    @Test
    void anAgentReviewsTheAssistantsDraftWhereTheConversationIs() {
        String ana = "ana-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        String ben = "ben-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        String cy = "cy-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        for (String shopper : new String[] {ana, ben, cy}) {
            mail.deliver(box, mail.email(shopper, box, "Shipping", "Hello, do you ship to Canada?", UUID.randomUUID() + "@example.com", Map.of()));
        }
        Map<String, JsonNode> drafts = pending(3);
        JsonNode forAna = drafts.get(ana);
        JsonNode forBen = drafts.get(ben);
        JsonNode forCy = drafts.get(cy);
        assertTrue(forAna != null && forBen != null && forCy != null, drafts.keySet().toString());

        try (Browser b = Browser.open(1440, 900)) {
            AdminSignIn.signIn(b, API.base(), store, "inbox/" + forAna.get("conversationId").asText());
            WebElement shown = seen(b, "#conv-drafts article.draft", "not sent");
            assertTrue(shown.getText().contains("the customer has not seen it"), shown.getText());
            assertEquals(forAna.get("body").asText(), shown.findElement(By.cssSelector("textarea")).getAttribute("value"));
            assertTrue(b.driver().findElements(By.cssSelector(".conversation .thread [data-draft]")).isEmpty(), "the draft is not drawn as a message");
            assertTrue(!assistantInThread(b), "nothing the assistant wrote was sent yet");
            seen(b, ".conversation .thread li.msg.customer", "ship to Canada");
            Looks.assertAccessible(b, "a conversation with a pending draft");
            Looks.screenshot(b, "conversation-draft-desktop");

            // edit, then approve and send: the edited text goes out and shows in the thread
            WebElement editor = shown.findElement(By.cssSelector("textarea"));
            editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Hi Ana, yes: we ship to Canada, 5 to 8 business days.");
            click(b, "#conv-drafts button.approve-draft", "Approve & send");
            WebElement sent = seen(b, ".conversation .thread li.msg.assistant", "Hi Ana, yes: we ship to Canada");
            assertTrue(sent.getText().contains("Assistant"), sent.getText());
            b.until(d -> d.findElement(By.id("conv-drafts")).isDisplayed() ? null : true);
            JsonNode approved = draft(forAna);
            assertTrue(java.util.List.of("approved", "sent").contains(approved.get("status").asText()), approved.toString());
            assertEquals("Hi Ana, yes: we ship to Canada, 5 to 8 business days.", approved.get("body").asText());
            Looks.screenshot(b, "conversation-draft-approved-desktop");

            // an agent's own reply withdraws the draft: it leaves the view
            open(b, forCy.get("conversationId").asText());
            seen(b, "#conv-drafts article.draft", "not sent");
            b.find("#reply-text").sendKeys("Hi Cy, we do ship to Canada.", Keys.ENTER);
            seen(b, ".conversation .thread li.msg.agent", "Hi Cy");
            b.until(d -> d.findElement(By.id("conv-drafts")).isDisplayed() ? null : true);
            assertEquals("superseded", draft(forCy).get("status").asText());
            assertTrue(!assistantInThread(b), "the withdrawn draft was not sent");
        }

        try (Browser p = Browser.open(390, 844)) {
            AdminSignIn.signIn(p, API.base(), store, "inbox/" + forBen.get("conversationId").asText());
            seen(p, "#conv-drafts article.draft", "not sent");
            seen(p, "#conv-drafts button.discard-draft", "Discard");
            seen(p, "#conv-drafts button.approve-draft", "Approve & send");
            Looks.assertNoSidewaysScroll(p, "a conversation with a pending draft on a phone");
            Looks.screenshot(p, "conversation-draft-phone");
            click(p, "#conv-drafts button.discard-draft", "Discard");
            p.until(d -> d.findElement(By.id("conv-drafts")).isDisplayed() ? null : true);
            assertEquals("discarded", draft(forBen).get("status").asText());
            assertTrue(!assistantInThread(p), "a discarded draft sends nothing");
            Looks.screenshot(p, "conversation-draft-discarded-phone");
        }
    }
}
