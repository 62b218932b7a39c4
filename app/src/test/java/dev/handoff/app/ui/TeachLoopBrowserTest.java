package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static dev.handoff.app.support.Looks.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The teach loop from the inbox, as an agent does it in Chromium: the shopper asks what the assistant could not
 * answer, the agent replies, and under the reply chooses among the closest FAQ items the one the question belongs
 * to; the next shopper who asks it is answered from that item. At desktop and phone sizes.
 */
class TeachLoopBrowserTest {

    private static final Api API = TestApp.api();

    @Test
    void anAgentAddsAnUnansweredQuestionToTheItemItBelongsToAndTheNextShopperIsAnswered() {
        Api.Store s = API.createStore("Teach Shop");
        String store = s.id();
        String widgetKey = s.widgetKey();
        API.importFaq(store, List.of(
                Map.of("question", "What are your bags made of?", "answer", "Our bags are full-grain cowhide, tanned in Italy, with brass fittings."),
                Map.of("question", "Do you ship to Norway?", "answer", "Yes, in 4 to 6 business days."),
                Map.of("question", "Can I return sale items?", "answer", "Yes, within 14 days."),
                Map.of("question", "Do you sell gift cards?", "answer", "Yes, from 10 to 200 euros.")));
        String question = "is it genuine leather or vegan leather?";
        Api.Visitor first = API.startConversation(widgetKey, null, null);
        API.say(first, question);
        JsonNode before = API.settled(store, first.conversationId());
        assertTrue(answers(before).isEmpty(), "the FAQ does not say it yet: " + before);
        API.admin("POST", "/api/stores/" + store + "/conversations/" + first.conversationId() + "/messages",
                Map.of("text", "It is genuine leather: full-grain cowhide."));

        for (int[] size : new int[][]{{1440, 900}, {390, 844}}) {
            try (Browser b = Browser.open(size[0], size[1])) {
                AdminSignIn.signIn(b, API.base(), store, "inbox/" + first.conversationId());
                WebElement bar = seen(b, ".conversation .msg.agent .teach", "could not answer this");
                Looks.assertSeen(b, bar.findElement(By.cssSelector("button.save-faq")), "Save as FAQ item");
                WebElement pick = Looks.awaitSeen(b, () -> bar.findElements(By.cssSelector("select.teach-item")).stream().findFirst().orElse(null),
                        "the closest items to choose from");
                List<String> offered = new Select(pick).getOptions().stream().map(WebElement::getText).toList();
                assertEquals(3, offered.size(), "the three closest items: " + offered);
                assertTrue(offered.contains("What are your bags made of?"), offered.toString());
                Looks.assertNoSidewaysScroll(b, "the conversation");
                Looks.screenshot(b, "teach-" + (size[0] > 500 ? "desktop" : "phone"));
                if (size[0] < 500) {
                    new Select(pick).selectByVisibleText("What are your bags made of?");
                    Looks.clickOnceSeen(b, () -> bar.findElement(By.cssSelector("button.add-phrasing")), "Add to");
                    seen(b, ".conversation .msg.agent .teach", "Added to “What are your bags made of?”");
                    Looks.screenshot(b, "teach-added-phone");
                }
            }
        }

        Api.Visitor next = API.startConversation(widgetKey, null, null);
        API.say(next, question);
        List<JsonNode> answered = answers(API.settled(store, next.conversationId()));
        assertEquals(1, answered.size(), "answered from the item it was added to");
        assertTrue(answered.get(0).get("text").asText().contains("full-grain cowhide"), answered.get(0).toString());
    }

    /**
     * A shopper picked an item after "Did you mean …?": the knowledge base shows their question waiting beside the item,
     * and the merchant adds it as a phrasing in a click (on a phone), after which the assistant answers it directly.
     */
    @Test
    void aMerchantAddsTheQuestionAShopperPickedAnItemForAsAPhrasing() {
        Api.Store s = API.createStore("Choice Shop");
        String store = s.id();
        API.importFaq(store, List.of(
                Map.of("question", "How do I change my delivery address?", "answer", "Write to us before the order ships and we update the delivery address."),
                Map.of("question", "How do I change my billing address?", "answer", "Update the billing address under Account, then Payment.")));
        String question = "how can I change my address";
        Api.Visitor shopper = API.startConversation(s.widgetKey(), null, null);
        API.say(shopper, question);
        JsonNode asked = API.settled(store, shopper.conversationId());
        assertEquals(1, clarifications(asked), "asked which item the shopper means: " + asked);
        API.say(shopper, "How do I change my delivery address?");
        API.settled(store, shopper.conversationId());
        String decide = "/api/stores/" + store + "/assistant/faq-decision?q=" + java.net.URLEncoder.encode(question, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("clarify", API.admin("GET", decide, null).body().get("outcome").asText(), "one shopper's pick does not teach the FAQ");

        for (int[] size : new int[][]{{1440, 900}, {390, 844}}) {
            try (Browser b = Browser.open(size[0], size[1])) {
                AdminSignIn.signIn(b, API.base(), store, "knowledge");
                // what waits for the merchant is said at the top, in the first screen, and a click brings it into view
                WebElement bar = b.until(d -> d.findElements(By.cssSelector("#to-review")).stream()
                        .filter(e -> e.isDisplayed() && e.getText().contains("1 shopper's choice to confirm")).findFirst().orElse(null));
                assertTrue(inView(b, bar), "the To review bar without scrolling");
                bar.findElement(By.cssSelector("button")).click();
                b.until(d -> inView(b, d.findElement(By.cssSelector(".suggested-phrasings .suggestion"))) ? true : null);
                WebElement row = seen(b, ".suggested-phrasings .suggestion", question);
                assertTrue(row.getText().contains("How do I change my delivery address?"), row.getText());
                Looks.assertSeen(b, row.findElement(By.cssSelector("button.accept-phrasing")), "Add as a phrasing");
                Looks.assertSeen(b, row.findElement(By.cssSelector("button.dismiss-phrasing")), "Dismiss");
                Looks.assertNoSidewaysScroll(b, "the knowledge base");
                Looks.screenshot(b, "suggested-phrasing-" + (size[0] > 500 ? "desktop" : "phone"));
                if (size[0] < 500) {
                    Looks.click(b, ".suggested-phrasings button.accept-phrasing", "Add as a phrasing");
                    seen(b, ".toast", "Added");
                    b.until(d -> d.findElements(By.cssSelector(".suggested-phrasings .suggestion")).isEmpty());
                }
            }
        }
        assertEquals("answer", API.admin("GET", decide, null).body().get("outcome").asText(), "added: answered from the item now");
    }

    /** @return whether the element's top lies inside the viewport as the page is scrolled now */
    private static boolean inView(Browser b, WebElement e) {
        return Boolean.TRUE.equals(b.js("const r = arguments[0].getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.top < innerHeight;", e));
    }

    private static int clarifications(JsonNode conversation) {
        int n = 0;
        for (JsonNode m : conversation.get("messages")) {
            n += "clarify".equals(m.get("source").asText(null)) ? 1 : 0;
        }
        return n;
    }

    private static List<JsonNode> answers(JsonNode conversation) {
        List<JsonNode> out = new java.util.ArrayList<>();
        conversation.get("messages").forEach(m -> {
            if (m.get("author").asText().equals("assistant") && "faq".equals(m.get("source").asText(null))) {
                out.add(m);
            }
        });
        return out;
    }
}
