package dev.handoff.app.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.knowledge.PhrasingSuggestions.Outcome;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules by which shoppers' "Did you mean …?" choices become FAQ phrasings ({@link PhrasingSuggestions}), called as
 * the assistant calls them, for messages of real widget conversations started from given networks.
 */
class PhrasingSuggestionsTest {

    private static Api api;
    private static PhrasingSuggestions suggestions;

    @BeforeAll
    static void start() {
        api = TestApp.api();
        suggestions = api.app().context().getBean(PhrasingSuggestions.class);
    }

    /** A store of its own with one item; @return its id and the item's */
    private record Shop(UUID id, String widgetKey, UUID item) {
        static Shop open() {
            Api.Store s = api.createStore("Suggestions " + System.nanoTime());
            api.importFaq(s.id(), List.of(Map.of("question", "Do you sell gift cards?", "answer", "Yes, from 10 to 200 euros.")));
            String item = api.admin("GET", "/api/stores/" + s.id() + "/faq/items", null).body().get(0).get("id").asText();
            return new Shop(UUID.fromString(s.id()), s.widgetKey(), UUID.fromString(item));
        }

        /** A shopper at {@code address} (with {@code email}, or anonymous) asks {@code text} and picks the item. */
        Outcome choose(String address, String email, String text) {
            Api.Visitor v = api.startConversationFrom(widgetKey, address, email);
            api.say(v, text);
            JsonNode asked = api.settled(id.toString(), v.conversationId()).get("messages").get(0);
            return suggestions.suggest(id, item, UUID.fromString(v.conversationId()), UUID.fromString(asked.get("id").asText()), text, null);
        }

        List<String> alternates() {
            List<String> out = new ArrayList<>();
            api.admin("GET", "/api/stores/" + id + "/faq/items/" + item, null).body().get("alternateQuestions").forEach(a -> out.add(a.asText()));
            return out;
        }

        List<String> waiting() {
            return suggestions.list(id).stream().map(PhrasingSuggestions.Suggestion::text).toList();
        }
    }

    @Test
    void theSameQuestionFromASecondNetworkIsLearned() {
        Shop shop = Shop.open();
        String q = "can I buy a voucher as a present";
        assertEquals(Outcome.PENDING, shop.choose("203.0.113.7", null, q));
        assertEquals(Outcome.PENDING, shop.choose("203.0.113.200", null, q + "?"), "the same /24");
        assertEquals(List.of(), shop.alternates());
        assertEquals(List.of(q), shop.waiting(), "its second vote is not a second suggestion");

        assertEquals(Outcome.LEARNED, shop.choose("198.51.100.9", null, "Can I buy a voucher as a present!"));
        assertEquals(List.of(q), shop.alternates(), "the first shopper's words");
        assertEquals(List.of(), shop.waiting(), "the question's suggestions leave the list");
        assertEquals(Outcome.IGNORED, shop.choose("192.0.2.77", null, q.toUpperCase()), "the item has these words now");
    }

    @Test
    void oneIpv6SlashFortyEightOrOneContactOnTwoNetworksCountsOnce() {
        Shop shop = Shop.open();
        String q = "can I buy a voucher as a present";
        assertEquals(Outcome.PENDING, shop.choose("2001:db8:1:1::1", "pat@example.com", q));
        assertEquals(Outcome.PENDING, shop.choose("2001:db8:1:2::1", null, q), "the same /48");
        assertEquals(Outcome.PENDING, shop.choose("192.0.2.1", "pat@example.com", q), "the same contact on another network");
        assertEquals(List.of(), shop.alternates());
        assertEquals(List.of(q), shop.waiting());
    }

    @Test
    void aSuggestionWhoseNetworkWasForgottenNeitherConfirmsNorBlocks() {
        Shop shop = Shop.open();
        String q = "do you do e-gift cards I can email";
        assertEquals(Outcome.PENDING, shop.choose("203.0.113.7", null, q));
        suggestions.forgetNetworks(Instant.now().plusSeconds(60));
        assertEquals(Outcome.PENDING, shop.choose("198.51.100.9", null, q), "an address forgotten confirms nothing");
        assertEquals(2, shop.waiting().size(), "and does not keep the new shopper's vote out");
        assertEquals(Outcome.LEARNED, shop.choose("192.0.2.1", null, q));
        assertEquals(List.of(q), shop.alternates());
    }

    @Test
    void aNetworkKeepsAtMostThreeSuggestionsAStore() {
        Shop shop = Shop.open();
        List<String> questions = List.of("can I buy a voucher as a present", "how late can I order before christmas",
                "is the leather vegan", "do you ship to norway");
        List<Outcome> outcomes = questions.stream().map(q -> shop.choose("203.0.113.7", null, q)).toList();
        assertEquals(List.of(Outcome.PENDING, Outcome.PENDING, Outcome.PENDING, Outcome.IGNORED), outcomes);
        assertEquals(questions.subList(0, 3), oldestFirst(shop.waiting()), "the fourth is dropped, the first three stay");
        assertEquals(Outcome.PENDING, shop.choose("198.51.100.9", null, questions.get(3)), "another network still suggests");
    }

    private static List<String> oldestFirst(List<String> newestFirst) {
        List<String> out = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(out);
        return out;
    }

    @Test
    void anotherStoresSuggestionCannotBeAcceptedOrDismissed() {
        Shop shop = Shop.open();
        Shop other = Shop.open();
        shop.choose("203.0.113.7", null, "can I buy a voucher as a present");
        UUID id = suggestions.list(shop.id()).get(0).id();
        String elsewhere = "/api/stores/" + other.id() + "/faq/suggested-phrasings/" + id;
        assertEquals(404, api.admin("POST", elsewhere + "/accept", null).status());
        assertEquals(404, api.admin("DELETE", elsewhere, null).status());
        assertEquals(1, shop.waiting().size(), "still waiting in its own store");
    }
}
