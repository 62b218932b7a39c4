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

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static dev.handoff.app.support.Looks.awaitSeen;
import static dev.handoff.app.support.Looks.click;
import static dev.handoff.app.support.Looks.clickOnceSeen;
import static dev.handoff.app.support.Looks.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Merge, split and undo as an agent does them in the dashboard, at desktop (1440×900) and phone (390×844) sizes:
 * "Merge into…" finds the other conversation by search, asks to confirm, opens the merged conversation whose
 * thread shows both emails and the merge with Undo; "Split from here" on a later email; Undo puts everything back.
 * Every step is asserted as seen (inside the viewport, not covered) and checked against the API.
 */
class MergeSplitBrowserTest {

    private static final Api API = TestApp.api();
    private static Mailserver mail;
    private static String store;
    private static String box;

    @BeforeAll
    static void setUp() {
        mail = new Mailserver();
        store = API.createStore("Merge UI Shop").id();
        box = "mergeui-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        mail.user(box, "pw-ui");
        assertEquals(201, API.admin("POST", "/api/stores/" + store + "/channels", mail.imapChannel(box, "pw-ui")).status());
    }

    @AfterAll
    static void tearDown() {
        mail.close();
    }

    private static String email(String from, String subject, String text, String date) {
        mail.deliverRaw(box, ("From: " + from + "\r\nTo: " + box + "\r\nSubject: " + subject + "\r\nDate: " + date + "\r\nMessage-ID: <" + UUID.randomUUID()
                + "@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return Api.await(() -> {
            for (JsonNode c : API.admin("GET", "/api/stores/" + store + "/conversations?limit=50", null).body()) {
                if (API.conversation(store, c.get("id").asText()).get("messages").toString().contains(text)) {
                    return c.get("id").asText();
                }
            }
            return null;
        }, id -> id != null);
    }

    private static void signIn(Browser b, String conversation) {
        AdminSignIn.signIn(b, API.base(), store, "inbox/" + conversation);
    }

    private static WebElement message(Browser b, String text) {
        return awaitSeen(b, () -> {
            for (WebElement li : b.driver().findElements(By.cssSelector(".conversation .thread li.msg"))) {
                if (li.getText().contains(text)) {
                    b.js("arguments[0].scrollIntoView({block: 'center'})", li);
                    return li;
                }
            }
            return null;
        }, "the message \"" + text + "\"");
    }

    /** Merges {@code from} into {@code into} through the dialog (search by the words of {@code into}'s email), and lands there. */
    private static void mergeThroughTheDialog(Browser b, String into, String words, String size) {
        click(b, "#merge-into", null);
        WebElement search = seen(b, "#merge-search", null);
        search.sendKeys(words);
        click(b, ".merge-choice[data-id='" + into + "']", null);
        WebElement question = seen(b, "#merge-question", null);
        assertTrue(question.getText().contains("You can undo it"), question.getText());
        // one customer's two threads: told apart by subject, the customer named once
        assertTrue(question.getText().matches("Merge .*“[^”]+”\\)? into .*“[^”]+”\\)?\\? Both are with rosa-\\w+@example\\.com\\. .*"), question.getText());
        Looks.screenshot(b, "merge-confirm-" + size);
        click(b, "#merge-confirm", null);
        b.until(d -> d.getCurrentUrl().endsWith("#/inbox/" + into));
    }

    /** @return the Undo button of the thread's standing move of that kind ("Merge" or "Split"), scrolled to, or null */
    private static WebElement undoOf(Browser b, String kind) {
        return b.driver().findElements(By.cssSelector("li.move")).stream()
                .filter(e -> e.getText().startsWith(kind) && !e.getText().contains("(undone)"))
                .map(e -> e.findElements(By.cssSelector(".undo-move"))).filter(l -> !l.isEmpty()).map(l -> l.get(0)).findFirst()
                .map(u -> {
                    b.js("arguments[0].scrollIntoView({block: 'center'})", u);
                    return u;
                }).orElse(null);
    }

    private static int status(String conversation) {
        return API.admin("GET", "/api/stores/" + store + "/conversations/" + conversation, null).status();
    }

    @Test
    void anAgentMergesUndoesAndSplitsAtDesktopAndPhoneSizes() {
        String shopper = "rosa-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        // both emails name the same second in their Date headers (as two emails sent in quick succession do): the thread's
        // order, not the timestamps, says which one came first
        String sent = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(5).withNano(0));
        String cup = email(shopper, "Cracked teacup", "The teacup from order 5521 arrived cracked along the rim.", sent);
        String again = email(shopper, "Following up on my teacup", "Writing again: the replacement teacup has not shipped yet.", sent);

        try (Browser b = Browser.open(1440, 900)) {
            signIn(b, cup);
            message(b, "arrived cracked");
            mergeThroughTheDialog(b, again, "replacement teacup", "desktop");
            message(b, "arrived cracked"); // the merged email shows in the conversation it joined
            message(b, "has not shipped yet");
            WebElement entry = seen(b, "li.move", "Merged");
            assertTrue(entry.getText().contains("Merged another conversation into this one: 1 message"), entry.getText());
            assertEquals(308, status(cup), "the merged conversation is a pointer");
            Looks.screenshot(b, "merge-done-desktop");
            click(b, "li.move .undo-move", null);
            b.until(d -> d.findElements(By.cssSelector("li.move")).stream().anyMatch(e -> e.getText().contains("(undone)")));
            assertEquals(200, status(cup), "after Undo the conversation is its own again");
            b.until(d -> d.findElements(By.cssSelector(".conversation .thread li.msg")).stream().noneMatch(e -> e.getText().contains("arrived cracked")));
            Looks.assertNoSidewaysScroll(b, "the conversation after undo");
            Looks.screenshot(b, "merge-undone-desktop");
        }

        try (Browser p = Browser.open(390, 844)) {
            signIn(p, again);
            message(p, "has not shipped yet");
            mergeThroughTheDialog(p, cup, "cracked rim", "phone");
            message(p, "has not shipped yet");
            seen(p, "li.move", "Merged");
            assertEquals(308, status(again));
            Looks.assertNoSidewaysScroll(p, "the merged conversation on a phone");
            Looks.screenshot(p, "merge-done-phone");

            // split the later email back out, then undo the split and the merge, newest first
            // the thread is drawn again once the merge's moves are read: wait for the button on the later email
            // both emails carry the same Date second: the thread's order (not their timestamps) says which one is later
            // scrolled to as a person would: the message can be taller than the thread's part of a phone screen
            java.util.function.Supplier<WebElement> splitButton = () -> message(p, "has not shipped yet").findElements(By.cssSelector(".split-here"))
                    .stream().findFirst().map(e -> {
                        p.js("arguments[0].scrollIntoView({block: 'center'})", e);
                        return e;
                    }).orElse(null);
            awaitSeen(p, splitButton, "Split from here");
            assertTrue(message(p, "arrived cracked").findElements(By.cssSelector(".split-here")).isEmpty(),
                    "no split at the first email: nothing would stay");
            clickOnceSeen(p, splitButton, "Split from here");
            WebElement splitEntry = awaitSeen(p, () -> p.driver().findElements(By.cssSelector("li.move")).stream()
                    .filter(e -> e.getText().startsWith("Split")).findFirst().orElse(null), "the split in the thread");
            assertTrue(splitEntry.getText().contains("Split 1 message into a new conversation"), splitEntry.getText());
            p.until(d -> d.findElements(By.cssSelector(".conversation .thread li.msg")).stream().noneMatch(e -> e.getText().contains("has not shipped")));
            Looks.screenshot(p, "split-done-phone");
            clickOnceSeen(p, () -> undoOf(p, "Split"), "Undo of the split");
            message(p, "has not shipped yet");
            clickOnceSeen(p, () -> undoOf(p, "Merge"), "Undo of the merge");
            p.until(d -> status(again) == 200);
            p.until(d -> d.findElements(By.cssSelector(".conversation .thread li.msg")).stream().noneMatch(e -> e.getText().contains("has not shipped")));
            Looks.screenshot(p, "merge-undone-phone");
        }
        // every email exactly once, each in its own conversation again
        assertTrue(API.conversation(store, cup).get("messages").toString().contains("arrived cracked"));
        assertTrue(API.conversation(store, again).get("messages").toString().contains("has not shipped yet"));
        assertTrue(!API.conversation(store, cup).get("messages").toString().contains("has not shipped yet"));
    }
}
