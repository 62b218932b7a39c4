package dev.handoff.app.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@link ShopperText#core} keeps of a shopper's message: everything but the close and the signature under it. */
class ShopperTextTest {

    @Test
    void anEmailLosesItsCloseAndSignature() {
        assertEquals("Hi,\n\ndo you ship to Canada?", ShopperText.core("Hi,\n\ndo you ship to Canada?\n\nThanks,\nMaya"));
        assertEquals("Dear Sir or Madam,\nDo you ship to Canada? I'd order two lamps.",
                ShopperText.core("Dear Sir or Madam,\nDo you ship to Canada? I'd order two lamps.\n\nKind regards,\nMaya Lopez\nSent from my iPhone"));
        assertEquals("Hello team! Do you ship to Canada?", ShopperText.core("Hello team! Do you ship to Canada? Thanks, Maya"));
        assertEquals("where is my order 1042", ShopperText.core("where is my order 1042\ncheers"));
    }

    @Test
    void addressesAreReadAsWhatTheyAreNotAsTheirWords() {
        assertEquals("email address", ShopperText.withoutAddresses("me@nowhere.com"));
        assertEquals("my email is email address, the photo is at link ok?",
                ShopperText.withoutAddresses("my email is Sad.Angry@terrible-mail.co.uk, the photo is at https://imgur.com/a/broken ok?"));
        assertEquals("see link", ShopperText.withoutAddresses("see www.worst-shop.example/never"));
        assertEquals("where is order #1042", ShopperText.withoutAddresses("where is order #1042"));
    }

    @Test
    void whatCarriesMeaningStays() {
        assertEquals("Hello I want a refund. Order 1234 arrived broken", ShopperText.core("Hello I want a refund. Order 1234 arrived broken"));
        assertEquals("Thanks for the quick delivery, but the lid is cracked",
                ShopperText.core("Thanks for the quick delivery, but the lid is cracked"));
        assertEquals("Is the best price the one online?", ShopperText.core("Is the best price the one online?"));
        assertEquals("my parcel is late\nwhere is it", ShopperText.core("my parcel is late\nwhere is it"));
        assertEquals("Hi,\nThanks for the reply\nbut where is my parcel", ShopperText.core("Hi,\nThanks for the reply\nbut where is my parcel"));
        assertEquals("Thanks for the reply!\nwhere is my parcel?", ShopperText.core("Thanks for the reply!\nwhere is my parcel?"));
        assertEquals("I ordered the blue lamp\nthanks for the reply", ShopperText.core("I ordered the blue lamp\nthanks for the reply"),
                "a thanks for something is not a close");
        assertEquals("Hi!", ShopperText.core("Hi!"));
        assertEquals("Thanks, Maya", ShopperText.core("Thanks, Maya"));
    }

    /** On the demo store, an email's question with its close and signature is decided as the question alone, and answered. */
    @Test
    void theAssistantReadsAnEmailAsItsQuestion() {
        Api api = TestApp.api();
        String store = api.storeId("demo");
        JsonNode bare = decide(api, store, "do you ship to Canada?");
        JsonNode wrapped = decide(api, store, "do you ship to Canada?\n\nThanks,\nMaya");
        assertEquals("answer", bare.get("outcome").asText(), bare.toString());
        assertEquals(bare.get("outcome").asText(), wrapped.get("outcome").asText(), wrapped.toString());
        assertEquals(bare.get("ranked").get(0).get("itemId").asText(), wrapped.get("ranked").get(0).get("itemId").asText());
        assertEquals(bare.get("ranked").get(0).get("score").asDouble(), wrapped.get("ranked").get(0).get("score").asDouble(), 1e-6);

        Api.Visitor v = api.startConversation("demo", "Maya", null);
        api.say(v, "Do you ship to Canada?\nKind regards,\nMaya Lopez\nSent from my iPhone");
        JsonNode reply = api.settled(store, v.conversationId()).get("messages").get(1);
        assertEquals("faq", reply.get("source").asText(), reply.toString());
        assertEquals(bare.get("ranked").get(0).get("itemId").asText(), reply.get("citedFaqIds").get(0).asText());
    }

    private static JsonNode decide(Api api, String store, String q) {
        return api.admin("GET", "/api/stores/" + store + "/assistant/faq-decision?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null).body();
    }
}
