package dev.handoff.app.assistant.faq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The assistant's FAQ decision as a pure function: no database, no clock, no side effects, so a replay
 * can run it on past messages against a proposed FAQ ({@link InMemoryFaqView}) and get exactly what the
 * assistant would have done.
 *
 * <p>Each candidate's score is {@code (phrasingSimilarity + w × answerSimilarity) / (1 + w)} plus
 * {@link FaqGate#keywordBonus} when BM25 also ranks it first, minus {@link FaqGate#hubnessWeight} × the item's
 * centred {@link FaqHubness} (an item that sits among many others' phrasings is discounted, one that stands
 * apart is raised). The top item is answered when its score reaches {@link FaqGate#answerScore} and leads
 * the second by {@link FaqGate#margin}: a close second means the message sits between two items (e.g.
 * "change" vs "cancel" an order), where answering either is a coin toss. Then, when two or three items score at least {@link FaqGate#clarifyScore}
 * within {@link FaqGate#clarifyBand} of the top, the shopper is asked which one they mean; otherwise
 * the assistant stays silent. A language model sees the top items whose score before the hubness correction
 * reaches {@link FaqGate#modelScore}: the correction sharpens the offline choice; the model reads the items
 * themselves. Thresholds: {@link FaqGate}, calibrated on the clinc150 dev split.
 */
public final class FaqDecider {

    private static final int RANKED = 5;
    private static final int MAX_CHOICES = 3;

    private FaqDecider() {
    }

    /**
     * Decides about one message.
     *
     * @param text   the shopper's message
     * @param vector its embedding
     * @param view   the store's FAQ (or a proposed one)
     * @param gate   the thresholds
     * @return the decision with the scores it was made on
     */
    public static FaqDecision decide(String text, float[] vector, FaqView view, FaqGate gate) {
        return decide(view.candidates(text, vector, 10), gate);
    }

    /**
     * Decides from candidates already retrieved.
     *
     * @param candidates the candidates of {@link FaqView#candidates}, any order
     * @param gate       the thresholds
     * @return the decision
     */
    public static FaqDecision decide(List<FaqCandidate> candidates, FaqGate gate) {
        record Candidate(FaqDecision.Scored scored, double uncorrected) {
        }
        List<Candidate> ranked = new ArrayList<>();
        for (FaqCandidate c : candidates) {
            double answer = c.answerSimilarity() < -0.999 ? c.phrasingSimilarity() : c.answerSimilarity();
            double raw = (c.phrasingSimilarity() + gate.answerWeight() * answer) / (1 + gate.answerWeight())
                    + (c.keywordRank() == 1 ? gate.keywordBonus() : 0);
            ranked.add(new Candidate(new FaqDecision.Scored(c.itemId(), c.question(), raw - gate.hubnessWeight() * c.hubness(),
                    c.phrasingSimilarity(), c.answerSimilarity(), c.keywordRank()), raw));
        }
        ranked.sort(Comparator.comparingDouble((Candidate c) -> c.scored().score()).reversed());
        List<FaqDecision.Scored> top = ranked.stream().limit(RANKED).map(Candidate::scored).toList();
        if (top.isEmpty()) {
            return new FaqDecision(FaqDecision.Outcome.silent, top, List.of(), List.of(), 0, "the FAQ is empty");
        }
        double s1 = top.get(0).score();
        double margin = top.size() > 1 ? s1 - top.get(1).score() : s1;
        // the model band reads the score before the hubness correction, over every candidate (the correction may
        // push a plausible item out of the top five)
        List<FaqDecision.Scored> plausible = ranked.stream().filter(c -> c.uncorrected() >= gate.modelScore()).limit(RANKED)
                .map(Candidate::scored).toList();
        if (s1 >= gate.answerScore() && margin >= gate.margin()) {
            return new FaqDecision(FaqDecision.Outcome.answer, top, List.of(), plausible, margin,
                    String.format(Locale.ROOT, "score %.3f >= %.3f and margin %.3f >= %.3f", s1, gate.answerScore(), margin, gate.margin()));
        }
        List<FaqDecision.Scored> choices = top.stream()
                .filter(s -> s.score() >= gate.clarifyScore() && s1 - s.score() <= gate.clarifyBand()).limit(MAX_CHOICES).toList();
        if (choices.size() >= 2) {
            return new FaqDecision(FaqDecision.Outcome.clarify, top, choices, plausible, margin,
                    String.format(Locale.ROOT, "%d items score >= %.3f within %.3f of the top (margin %.3f < %.3f)", choices.size(),
                            gate.clarifyScore(), gate.clarifyBand(), margin, gate.margin()));
        }
        return new FaqDecision(FaqDecision.Outcome.silent, top, List.of(), plausible, margin,
                String.format(Locale.ROOT, "score %.3f, margin %.3f: below the gate (%.3f, %.3f)", s1, margin, gate.answerScore(), gate.margin()));
    }
}
