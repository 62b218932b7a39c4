package dev.handoff.app.assistant.faq;

import dev.handoff.app.search.EmbeddingService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FAQ decision as a pure function: scores in, answer / clarify / silent out. */
class FaqDeciderTest {

    private static final FaqGate GATE = new FaqGate(1.0, 0.03, 0.0, 0.45, 0.10, 0.40, 0.10, 0.30);
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final UUID C = UUID.randomUUID();

    private static FaqCandidate candidate(UUID id, double phrasing, double answer, int keywordRank) {
        return new FaqCandidate(id, "question " + id, phrasing, answer, keywordRank, 0);
    }

    @Test
    void aClearLeaderAboveTheGateIsAnswered() {
        FaqDecision d = FaqDecider.decide(List.of(candidate(B, 0.40, 0.30, 2), candidate(A, 0.70, 0.50, 1), candidate(C, 0.20, 0.10, 0)), GATE);
        assertEquals(FaqDecision.Outcome.answer, d.outcome(), d.reason());
        assertEquals(A, d.answer().itemId());
        assertEquals(0.60 + 0.03, d.ranked().get(0).score(), 1e-9, "(0.70 + 0.50) / 2 + the keyword bonus");
        assertEquals(0.63 - 0.35, d.margin(), 1e-9);
        assertEquals(List.of(A, B), d.plausible().stream().map(FaqDecision.Scored::itemId).toList(), "C scores below the model band");
    }

    @Test
    void twoCloseItemsAreOfferedAsChoicesNotAnswered() {
        FaqDecision d = FaqDecider.decide(List.of(candidate(A, 0.62, 0.50, 1), candidate(B, 0.64, 0.52, 2), candidate(C, 0.30, 0.20, 0)), GATE);
        assertEquals(FaqDecision.Outcome.clarify, d.outcome(), d.reason());
        assertEquals(List.of(A, B), d.choices().stream().map(FaqDecision.Scored::itemId).toList(),
                "best first (A has the keyword bonus: 0.59 against 0.58); C is not close");
    }

    @Test
    void anItemAmongManyOthersYieldsToOneThatStandsApart() {
        FaqGate corrected = new FaqGate(1.0, 0.03, 0.5, 0.45, 0.05, 0.40, 0.10, 0.30);
        List<FaqCandidate> tie = List.of(new FaqCandidate(A, "hub", 0.70, 0.50, 0, 0.08), new FaqCandidate(B, "apart", 0.70, 0.50, 0, -0.04));
        FaqDecision d = FaqDecider.decide(tie, corrected);
        assertEquals(B, d.ranked().get(0).itemId(), d.toString());
        assertEquals(0.60 + 0.02, d.ranked().get(0).score(), 1e-9, "(0.70 + 0.50) / 2 - 0.5 × (-0.04)");
        assertEquals(0.06, d.margin(), 1e-9, "0.62 against 0.56");
        assertEquals(FaqDecision.Outcome.answer, d.outcome(), d.reason());
        assertEquals(FaqDecision.Outcome.clarify, FaqDecider.decide(tie, GATE).outcome(), "without the correction the two tie");

        // the model band reads the score before the correction: a hub the correction pushes below it is still shown
        FaqGate band = new FaqGate(1.0, 0.03, 0.5, 0.90, 0.05, 0.90, 0.05, 0.58);
        FaqDecision hub = FaqDecider.decide(List.of(new FaqCandidate(A, "hub", 0.62, 0.58, 0, 0.10)), band);
        assertEquals(0.55, hub.ranked().get(0).score(), 1e-9, "0.60 - 0.5 × 0.10");
        assertEquals(List.of(A), hub.plausible().stream().map(FaqDecision.Scored::itemId).toList(), "0.60 before the correction >= 0.58");

        // ... even when the correction pushes it out of the five best: five items stand apart at 0.57, the hub falls to 0.55
        List<FaqCandidate> six = new java.util.ArrayList<>(List.of(new FaqCandidate(A, "hub", 0.62, 0.58, 0, 0.10)));
        for (int i = 0; i < 5; i++) {
            six.add(new FaqCandidate(UUID.randomUUID(), "apart " + i, 0.56, 0.56, 0, -0.02));
        }
        FaqDecision sixth = FaqDecider.decide(six, band);
        assertTrue(sixth.ranked().stream().noneMatch(s -> s.itemId().equals(A)), "not among the five best: " + sixth.ranked());
        assertEquals(List.of(A), sixth.plausible().stream().map(FaqDecision.Scored::itemId).toList(), "the only one at 0.58 before it");
    }

    @Test
    void aLoneLowScoreIsSilentAndSoIsAnEmptyFaq() {
        FaqDecision low = FaqDecider.decide(List.of(candidate(A, 0.42, 0.30, 0), candidate(B, 0.10, 0.05, 0)), GATE);
        assertEquals(FaqDecision.Outcome.silent, low.outcome(), low.reason());
        assertTrue(low.choices().isEmpty());
        assertEquals(FaqDecision.Outcome.silent, FaqDecider.decide(List.of(), GATE).outcome());
    }

    @Test
    void aCloseSecondBelowTheClarifyScoreMeansSilence() {
        FaqDecision d = FaqDecider.decide(List.of(candidate(A, 0.44, 0.40, 0), candidate(B, 0.40, 0.36, 0)), GATE);
        assertEquals(FaqDecision.Outcome.silent, d.outcome(), "0.42 and 0.38: the top is below the answer gate and B below the clarify score");
    }

    @Test
    void anInMemoryFaqDecidesAsTheAssistantWouldAndHasNoState() {
        EmbeddingService embeddings = new EmbeddingService();
        InMemoryFaqView view = InMemoryFaqView.of(List.of(
                new InMemoryFaqView.Item(A, "How do I change my delivery address?", List.of(), "Write to us before the order ships and we update it."),
                new InMemoryFaqView.Item(B, "How do I change my billing address?", List.of(), "Update it under Account, then Payment."),
                new InMemoryFaqView.Item(C, "Do you sell gift cards?", List.of("can I buy a gift voucher"), "Yes, from 10 to 200 euros.")), embeddings);
        String text = "are gift cards available?";
        FaqDecision first = FaqDecider.decide(text, embeddings.embed(text), view, FaqGateSettings.calibrated(embeddings.modelName()));
        assertEquals(FaqDecision.Outcome.answer, first.outcome(), first.reason());
        assertEquals(C, first.answer().itemId());
        assertEquals(first, FaqDecider.decide(text, embeddings.embed(text), view, FaqGateSettings.calibrated(embeddings.modelName())), "same input, same decision");

        String ambiguous = "how can I change my address";
        FaqDecision between = FaqDecider.decide(ambiguous, embeddings.embed(ambiguous), view, FaqGateSettings.calibrated(embeddings.modelName()));
        assertEquals(FaqDecision.Outcome.clarify, between.outcome(), between.reason());
        assertEquals(java.util.Set.of(A, B), java.util.Set.copyOf(between.choices().stream().map(FaqDecision.Scored::itemId).toList()));

        String unrelated = "what is the capital of peru";
        assertEquals(FaqDecision.Outcome.silent, FaqDecider.decide(unrelated, embeddings.embed(unrelated), view, FaqGateSettings.calibrated(embeddings.modelName())).outcome());
    }
}
