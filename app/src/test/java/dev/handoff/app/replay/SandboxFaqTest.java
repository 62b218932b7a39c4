package dev.handoff.app.replay;

import dev.handoff.app.assistant.faq.FaqCandidate;
import dev.handoff.app.assistant.faq.FaqDecision;
import dev.handoff.app.assistant.faq.FaqGate;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.search.FaqDocument;
import dev.handoff.app.search.LuceneFaqIndex;
import dev.handoff.app.search.SearchAnalysis;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A preview of settings alone: one knowledge base, two gates, each message searched once. */
class SandboxFaqTest {

    private static final FaqGate LIVE = new FaqGate(1.0, 0.03, 0.0, 0.45, 0.10, 0.40, 0.10, 0.30);
    private static final FaqGate STRICT = new FaqGate(1.0, 0.03, 0.0, 1.0, 0.10, 1.0, 0.10, 0.30);

    @Test
    void aSettingsPreviewSearchesEachMessageOnceAndDecidesWithEachGate() {
        UUID store = UUID.randomUUID();
        Instant now = Instant.now();
        FaqItem shipping = new FaqItem(UUID.randomUUID(), store, null, "Do you ship to the UK?", "", "Yes, in 3 to 5 days.", true, 0, now, now);
        FaqItem gifts = new FaqItem(UUID.randomUUID(), store, null, "Do you sell gift cards?", "", "Yes, from 10 to 200 euros.", true, 1, now, now);
        float[] shippingVector = {1, 0, 0, 0};
        float[] giftsVector = {0, 1, 0, 0};
        LuceneFaqIndex index = LuceneFaqIndex.inMemory(new SearchAnalysis(), List.of(
                new FaqDocument(store, shipping.id(), List.of(shipping.question()), List.of(shippingVector), shipping.answer(), now),
                new FaqDocument(store, gifts.id(), List.of(gifts.question()), List.of(giftsVector), gifts.answer(), now)));
        try (SandboxFaq before = new SandboxFaq(store, index, Map.of(shipping.id(), shipping, gifts.id(), gifts),
                Map.of(shipping.id(), new float[]{0.9f, 0.1f, 0, 0}, gifts.id(), new float[]{0.1f, 0.9f, 0, 0}), Map.of(), LIVE);
             SandboxFaq after = before.withGate(STRICT)) {
            float[] message = {0.98f, 0.2f, 0, 0};
            FaqDecision live = before.decide("do you ship to the UK please?", message);
            FaqDecision strict = after.decide("do you ship to the UK please?", message);
            assertEquals(FaqDecision.Outcome.answer, live.outcome(), live.toString());
            assertEquals(shipping.id(), live.ranked().get(0).itemId());
            assertEquals(FaqDecision.Outcome.silent, strict.outcome(), "no item scores 1: " + strict);

            List<FaqCandidate> first = before.candidates("do you ship to the UK please?", message, 10);
            assertSame(first, after.candidates("do you ship to the UK please?", message, 10), "the second walk searches nothing again");
            assertEquals(shipping.id(), first.get(0).itemId());
            float[] another = {0.2f, 0.98f, 0, 0};
            assertNotSame(first, after.candidates("gift cards?", another, 10), "another message is searched");
            assertEquals(gifts.id(), after.candidates("gift cards?", another, 10).get(0).itemId());
        }
    }
}
