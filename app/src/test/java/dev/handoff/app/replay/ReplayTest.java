package dev.handoff.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays of a proposed knowledge-base change: outcomes, guard rails, publishing, and that nothing else changes. */
class ReplayTest {

    private static final Api API = TestApp.api();

    private record Shop(String id, String key, String shippingItem) {
        String path(String tail) {
            return "/api/stores/" + id + tail;
        }
    }

    private static Shop shop(String name) {
        Api.Store s = API.createStore(name);
        String id = s.id();
        API.importFaq(id, List.of(
                Map.of("category", "Shipping", "question", "Do you ship to the UK?", "answer", "Yes, we ship to the UK in 3 to 5 business days."),
                Map.of("category", "Returns", "question", "What is your return policy?", "answer", "Return any item within 30 days for a full refund.")));
        String shipping = null;
        for (JsonNode item : API.admin("GET", "/api/stores/" + id + "/faq/items", null).body()) {
            if (item.get("question").asText().contains("UK")) {
                shipping = item.get("id").asText();
            }
        }
        return new Shop(id, s.widgetKey(), shipping);
    }

    private static Api.Visitor ask(Shop shop, String text) {
        Api.Visitor v = API.startConversation(shop.key(), null, null);
        API.say(v, text);
        API.settled(shop.id(), v.conversationId());
        return v;
    }

    private static JsonNode replay(Shop shop, Object body) {
        Api.Res started = API.admin("POST", shop.path("/assistant/replays"), body);
        assertEquals(202, started.status(), started.raw());
        String id = started.body().get("id").asText();
        return Api.await(() -> API.admin("GET", shop.path("/assistant/replays/" + id), null).body(),
                r -> !"running".equals(r.get("status").asText()), Duration.ofSeconds(60));
    }

    /** Everything stored about the store's conversations (messages, tickets, ratings, notes), and its drafts and notifications. */
    private static String everything(Shop shop) {
        return API.admin("GET", shop.path("/export"), null).raw()
                + API.admin("GET", shop.path("/drafts?status=pending"), null).raw()
                + API.admin("GET", shop.path("/notifications"), null).raw()
                + API.admin("GET", shop.path("/conversations"), null).raw();
    }

    @Test
    void aReplayShowsWhatAChangeWouldDoSendsNothingAndChangesNoConversation() {
        Shop shop = shop("Replay");
        Api.Visitor giftCard = ask(shop, "do you sell gift cards?");
        Api.Visitor uk = ask(shop, "do you ship to the UK?");
        API.admin("POST", shop.path("/conversations/" + uk.conversationId() + "/resolve"), null);
        API.send("POST", "/api/widget/conversations/" + uk.conversationId() + "/rating", Api.json(Map.of("rating", "up")), "X-Visitor-Token", uk.token());
        Api.Visitor person = ask(shop, "I want to talk to a person");
        String before = everything(shop);

        JsonNode r = replay(shop, Map.of("faq", Map.of(
                "add", List.of(Map.of("category", "Gift cards", "question", "Do you sell gift cards?",
                        "answer", "Yes: gift cards from $10 to $200, sent by email.", "alternateQuestions", List.of("can I buy a gift card?"))),
                "delete", List.of(shop.shippingItem()))));
        assertEquals("done", r.get("status").asText(), r.toString());
        assertEquals(1.0, r.get("progress").asDouble());
        assertEquals(3, r.get("messages").asInt(), r.toString());
        JsonNode summary = r.get("summary");
        assertEquals(1, summary.get("newlyAnswered").asInt(), r.toString());
        assertEquals(1, summary.get("newlySilent").asInt());
        assertEquals(1, summary.get("unchanged").asInt(), "the escalation is the same either way");
        assertEquals(0, summary.get("newlyEscalated").asInt());
        assertEquals(1, summary.get("flagged").asInt(), "the UK answer was right (rated up, no correction)");
        assertEquals(0, summary.get("modelCalls").asInt());
        List<String> changed = new ArrayList<>();
        for (JsonNode c : r.get("changes")) {
            changed.add(c.get("conversationId").asText());
            if (c.get("conversationId").asText().equals(giftCard.conversationId())) {
                assertEquals("newlyAnswered", c.get("kind").asText());
                assertEquals("silent", c.get("before").get("outcome").asText());
                assertEquals("answered", c.get("after").get("outcome").asText());
                assertEquals("Do you sell gift cards?", c.get("after").get("faqQuestion").asText());
                assertFalse(c.get("flagged").asBoolean());
            } else {
                assertEquals(uk.conversationId(), c.get("conversationId").asText());
                assertEquals("newlySilent", c.get("kind").asText());
                assertEquals(shop.shippingItem(), c.get("before").get("faqItemId").asText());
                assertTrue(c.get("flagged").asBoolean());
                assertEquals("do you ship to the UK?", c.get("text").asText());
            }
        }
        assertEquals(2, changed.size(), r.toString());
        assertFalse(changed.contains(person.conversationId()));
        assertEquals(before, everything(shop), "a replay sends nothing and changes no conversation, ticket, draft or notification");

        // guard rail: the flagged change needs a confirmation; then exactly the replayed change is applied
        Api.Res unconfirmed = API.admin("POST", shop.path("/assistant/replays/" + r.get("id").asText() + "/publish"), Map.of());
        assertEquals(428, unconfirmed.status(), unconfirmed.raw());
        assertTrue(unconfirmed.body().get("detail").asText().contains("1 previously right answer"), unconfirmed.raw());
        Api.Res published = API.admin("POST", shop.path("/assistant/replays/" + r.get("id").asText() + "/publish"), Map.of("confirm", true));
        assertEquals(200, published.status(), published.raw());
        List<String> questions = new ArrayList<>();
        API.admin("GET", shop.path("/faq/items"), null).body().forEach(i -> questions.add(i.get("question").asText()));
        assertEquals(List.of("What is your return policy?", "Do you sell gift cards?"), questions);
        assertEquals(409, API.admin("POST", shop.path("/assistant/replays/" + r.get("id").asText() + "/publish"), Map.of("confirm", true)).status(),
                "published once");
        assertEquals("Yes: gift cards from $10 to $200, sent by email.", API.admin("GET", shop.path("/faq/search?q=gift%20cards"), null)
                .body().get(0).get("item").get("answer").asText(), "searchable once published");
    }

    @Test
    void publishingIsRefusedWhenTheKnowledgeBaseChangedMeanwhileAndBadProposalsAreRefused() {
        Shop shop = shop("Replay conflict");
        ask(shop, "what is your return policy?");
        JsonNode r = replay(shop, Map.of("faq", Map.of("edit", List.of(Map.of("id", shop.shippingItem(), "answer", "We ship to the UK in 2 days.")))));
        assertEquals("done", r.get("status").asText(), r.toString());
        assertEquals(1, r.get("summary").get("unchanged").asInt(), "the edit does not touch the returns answer: " + r);
        API.admin("POST", shop.path("/faq/items"), Map.of("question", "Do you gift wrap?", "answer", "Yes, for $3."));
        Api.Res conflict = API.admin("POST", shop.path("/assistant/replays/" + r.get("id").asText() + "/publish"), Map.of());
        assertEquals(409, conflict.status(), conflict.raw());
        assertTrue(conflict.body().get("detail").asText().contains("changed since"), conflict.raw());

        Api.Res unknown = API.admin("POST", shop.path("/assistant/replays"),
                Map.of("faq", Map.of("delete", List.of("00000000-0000-0000-0000-000000000000"))));
        assertEquals(400, unknown.status(), unknown.raw());
        assertTrue(unknown.body().get("detail").asText().contains("faq.delete[0]"), unknown.raw());
        Api.Res empty = API.admin("POST", shop.path("/assistant/replays"), Map.of("faq", Map.of("add", List.of(Map.of("question", "Q?", "answer", " ")))));
        assertEquals(400, empty.status(), empty.raw());
        assertEquals(400, API.admin("POST", shop.path("/assistant/replays"), Map.of("settings", Map.of("faqAnswerScore", 3))).status());
        assertEquals(404, API.admin("GET", shop.path("/assistant/replays/" + java.util.UUID.randomUUID()), null).status());
    }

    @Test
    void aThresholdChangeIsReplayedButCannotBePublishedFromTheDashboard() {
        Shop shop = shop("Replay thresholds");
        ask(shop, "do you ship to the UK please?");
        JsonNode r = replay(shop, Map.of("settings", Map.of("faqAnswerScore", 1.0, "faqClarifyScore", 1.0)));
        assertEquals("done", r.get("status").asText(), r.toString());
        JsonNode change = r.get("changes").get(0);
        assertEquals("newlySilent", change.get("kind").asText(), "no item scores 1: " + r);
        assertEquals("answered", change.get("before").get("outcome").asText());
        assertEquals("silent", change.get("after").get("outcome").asText());
        Api.Res refused = API.admin("POST", shop.path("/assistant/replays/" + r.get("id").asText() + "/publish"), Map.of("confirm", true));
        assertEquals(422, refused.status(), refused.raw());
        assertTrue(refused.body().get("detail").asText().contains("HANDOFF_ASSISTANT_FAQ_ANSWER_SCORE"), refused.raw());
    }

    /** A message the assistant stays silent on before and after is no change, though the change moves its scores. */
    @Test
    void aSilenceThatStaysASilenceIsNoChange() {
        Shop shop = shop("Replay silence");
        ask(shop, "what is the capital of peru");
        JsonNode r = replay(shop, Map.of("faq", Map.of("add", List.of(Map.of("category", "Gift cards",
                "question", "Do you sell gift cards?", "answer", "Yes: gift cards from $10 to $200, sent by email.")))));
        assertEquals("done", r.get("status").asText(), r.toString());
        assertEquals(1, r.get("messages").asInt(), r.toString());
        assertEquals(0, r.get("changes").size(), "stays silent → stays silent is not a change: " + r);
        assertEquals(1, r.get("summary").get("unchanged").asInt(), r.toString());
    }

    /**
     * The replay reads a message as the live assistant did: with the language stored for it, not detected
     * again (here the stored reading says German, so no English item answers it, before or after).
     */
    @Test
    void aMessageIsReplayedInTheLanguageStoredForIt() {
        Shop shop = shop("Replay language");
        Api.Visitor v = ask(shop, "do you sell gift cards for birthdays?");
        assertEquals(1, storeLanguage(v, "de"));
        Map<String, Object> addGiftCards = Map.of("faq", Map.of("add", List.of(Map.of("category", "Gift cards",
                "question", "Do you sell gift cards?", "answer", "Yes: gift cards from $10 to $200, sent by email."))));

        JsonNode r = replay(shop, addGiftCards);
        assertEquals("done", r.get("status").asText(), r.toString());
        assertEquals(0, r.get("changes").size(), "read as German, the message stays unanswered by the English item: " + r);

        assertEquals(1, storeLanguage(v, "en"));
        JsonNode english = replay(shop, addGiftCards);
        assertEquals(1, english.get("changes").size(), "read as English, the new item answers it: " + english);
        assertEquals("newlyAnswered", english.get("changes").get(0).get("kind").asText(), english.toString());
    }

    /** Sets the language stored for the visitor's messages, as if the live assistant had read them so. @return messages updated */
    @SuppressWarnings("unchecked")
    private static int storeLanguage(Api.Visitor v, String language) {
        ApplicationContext context = API.app().context();
        TransactionOperations<java.sql.Connection> tx = context.getBean(TransactionOperations.class);
        return tx.executeWrite(status -> context.getBean(JdbcOperations.class).prepareStatement(
                "UPDATE messages SET language = ? WHERE conversation_id = ? AND author = 'customer'", st -> {
                    st.setString(1, language);
                    st.setObject(2, UUID.fromString(v.conversationId()));
                    return st.executeUpdate();
                }));
    }

    /**
     * "Before" is what the live assistant did: a replay of no change leaves every message unchanged, and
     * a replay that deletes items shows, for each message it changes, the live turn's own outcome before
     * (the FAQ answer it gave, the "Did you mean …?" question it asked with the same items).
     */
    @Test
    void beforeIsWhatTheAssistantDidIncludingDidYouMean() {
        Api.Store s = API.createStore("Replay before");
        Shop shop = new Shop(s.id(), s.widgetKey(), null);
        API.importFaq(shop.id(), List.of(
                Map.of("question", "How do I change my delivery address?", "answer", "Write to us before the order ships and we update the delivery address."),
                Map.of("question", "How do I change my billing address?", "answer", "Update the billing address under Account, then Payment."),
                Map.of("question", "Do you sell gift cards?", "answer", "Yes, gift cards from 10 to 200 euros.")));
        List<String> ids = new ArrayList<>();
        API.admin("GET", shop.path("/faq/items"), null).body().forEach(i -> ids.add(i.get("id").asText()));
        Api.Visitor clarified = ask(shop, "how can I change my address");
        Api.Visitor answered = ask(shop, "do you sell gift cards?");
        ask(shop, "I want to talk to a person");
        ask(shop, "hello");

        JsonNode same = replay(shop, Map.of());
        assertEquals("done", same.get("status").asText(), same.toString());
        assertEquals(4, same.get("messages").asInt(), same.toString());
        assertEquals(4, same.get("summary").get("unchanged").asInt(), "no change, no changed outcome: " + same);
        assertEquals(0, same.get("changes").size(), same.toString());

        JsonNode r = replay(shop, Map.of("faq", Map.of("delete", ids)));
        assertEquals("done", r.get("status").asText(), r.toString());
        assertEquals(2, r.get("changes").size(), "the FAQ answer and the Did-you-mean question change; the rest do not: " + r);
        for (JsonNode c : r.get("changes")) {
            JsonNode reply = null;
            for (JsonNode m : API.conversation(shop.id(), c.get("conversationId").asText()).get("messages")) {
                if (m.get("author").asText().equals("assistant")) {
                    reply = m;
                }
            }
            assertTrue(reply != null, "the assistant replied in " + c);
            JsonNode before = c.get("before");
            List<String> cited = new ArrayList<>();
            reply.get("citedFaqIds").forEach(id -> cited.add(id.asText()));
            if (c.get("conversationId").asText().equals(clarified.conversationId())) {
                assertEquals("clarify", reply.get("source").asText(), reply.toString());
                assertEquals("clarify", before.get("outcome").asText(), c.toString());
                List<String> offered = new ArrayList<>();
                before.get("choices").forEach(o -> offered.add(o.get("faqItemId").asText()));
                assertEquals(cited, offered, "the same items, in the same order: " + c);
                // without the items, the how-to question is what the intents read in it: a change of address, asked of the
                // FAQ first (a how-to question); with the FAQ empty, the reading stands and a person takes it
                assertEquals("escalated", c.get("after").get("outcome").asText(), c.toString());
                assertEquals("address_change", c.get("after").get("reason").asText(), c.toString());
                assertEquals("newlyEscalated", c.get("kind").asText(), c.toString());
            } else {
                assertEquals(answered.conversationId(), c.get("conversationId").asText());
                assertEquals("faq", reply.get("source").asText(), reply.toString());
                assertEquals("answered", before.get("outcome").asText(), c.toString());
                assertEquals(cited.get(0), before.get("faqItemId").asText());
                assertEquals("newlySilent", c.get("kind").asText());
            }
        }
    }
}
