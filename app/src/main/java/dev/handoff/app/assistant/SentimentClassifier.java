package dev.handoff.app.assistant;

import dev.handoff.app.conversation.Sentiment;
import dev.handoff.app.search.EmbeddingService;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentiment as support staff read it, in three classes ({@link Sentiment}): a softmax regression
 * ({@link LinearModel}) over the message embedding and a few surface features — the summed valence of a
 * VADER-style opinion lexicon (Hutto and Gilbert, ICWSM 2014: negation within three words flips and damps
 * a valence, intensifiers scale it, "but" shifts weight to what follows) from which topic words
 * (politics, holidays, parties, refunds, damage) were removed, the share of SHOUTED words, exclamation
 * marks, and the precise frustration rule (repeated contact, "nobody helps"). Trained by
 * {@code bench/sentiment.sh} on support messages the team labelled and on the TweetEval sentiment dev
 * split, shipped as {@code assistant/sentiment-<model>.weights}; the cross-validated macro-averaged
 * recall is quoted in README.
 *
 * <p>The score is {@code P(positive) − P(negative)} in [-1, 1], at most −0.5 when the frustration rule
 * matches or the message shouts with exclamation marks; the class follows from the score by
 * {@link Sentiment#of}, the one scheme used for messages, conversation trends, tickets and the inbox.
 * A context bean: it refuses to start when its weights were trained on another embedding model.
 */
@Context
public class SentimentClassifier {

    /** Surface features appended to the embedding, in this order (see {@link #features}). */
    public static final int SURFACE_FEATURES = 5;

    private static final Pattern TOKEN = Pattern.compile("[:;=8][-']?[()dDpP/\\\\|*]|<3|[\\p{So}\\p{Sk}]|[\\p{L}']+|!+|\\?+");
    /** A word of three letters or more (for the share of shouted words). */
    private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");
    private static final Pattern FRUSTRATION = Pattern.compile(
            "\\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\\d+(?:st|nd|rd|th)?)\\s+time\\b|\\bhow many times\\b"
                    + "|\\b(?:nobody|no one|no-one|nobody's)\\s+(?:is\\s+)?(?:helps?|helping|answers?|answering|replies|replying|responds?|responding|cares?|gets? back)\\b"
                    + "|\\bstill (?:no|nothing|waiting)\\b|\\b(?:fed up|sick of|had enough|losing (?:my )?patience)\\b");

    private final LinearModel model;

    /**
     * @param embeddingModel the configured in-process embedding model ({@code handoff.embeddings.model})
     * @throws IllegalStateException when no weights were trained for that model
     */
    @Inject
    SentimentClassifier(@Value("${handoff.embeddings.model:" + EmbeddingService.Spec.DEFAULT + "}") String embeddingModel) {
        this(IntentClassifier.load("sentiment", embeddingModel));
    }

    /** @param model trained weights with the classes negative, neutral, positive (benchmarks pass their own) */
    public SentimentClassifier(LinearModel model) {
        this.model = model;
        model.index("negative");
        model.index("positive");
    }

    /**
     * Classifies a message.
     *
     * @param text   the message
     * @param vector its embedding
     * @return class and score in [-1, 1]
     */
    public Result classify(String text, float[] vector) {
        double[] x = features(text, vector);
        double[] p = model.probabilities(x);
        double score = p[model.index("positive")] - p[model.index("negative")];
        int n = vector.length;
        if (x[n + 4] > 0 || x[n + 1] >= 0.5 && x[n + 2] > 0) {
            // frustration ("third time I'm writing", "nobody helps") or shouting with exclamation marks is negative
            score = Math.min(score, -0.5);
        }
        return new Result(Sentiment.of(score), score);
    }

    /**
     * @param text   the message
     * @param vector its embedding
     * @return the embedding followed by the {@link #SURFACE_FEATURES} surface features of the text with its email and web
     *         addresses read as "email address" and "link" ({@link ShopperText#withoutAddresses}): lexicon valence / 4
     *         clipped to [-2, 2], share of shouted words, exclamation marks (up to 3) / 3, whether it has a
     *         question mark, whether the frustration rule matches
     */
    public static double[] features(String text, float[] vector) {
        text = ShopperText.withoutAddresses(text);
        double[] x = new double[vector.length + SURFACE_FEATURES];
        for (int i = 0; i < vector.length; i++) {
            x[i] = vector[i];
        }
        int words = 0;
        int shouted = 0;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words++;
            String w = m.group();
            if (w.equals(w.toUpperCase(Locale.ROOT)) && !w.equals(w.toLowerCase(Locale.ROOT))) {
                shouted++;
            }
        }
        int n = vector.length;
        x[n] = Math.max(-2, Math.min(2, lexiconScore(text) / 4));
        x[n + 1] = words == 0 ? 0 : (double) shouted / words;
        x[n + 2] = Math.min(3, text.chars().filter(c -> c == '!').count()) / 3.0;
        x[n + 3] = text.indexOf('?') >= 0 ? 1 : 0;
        x[n + 4] = FRUSTRATION.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\'')).find() ? 1 : 0;
        return x;
    }

    /** @return the summed lexicon valence of the text (unbounded; about -3..3 per opinion word) */
    static double lexiconScore(String text) {
        List<String> tokens = new ArrayList<>();
        List<Boolean> shouted = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String raw = m.group();
            tokens.add(raw.toLowerCase(Locale.ROOT));
            shouted.add(raw.length() > 2 && raw.equals(raw.toUpperCase(Locale.ROOT)) && raw.chars().anyMatch(Character::isLetter));
        }
        double sum = 0;
        int exclamations = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.startsWith("!")) {
                exclamations += t.length();
                continue;
            }
            Double valence = SentimentLexicon.VALENCE.get(t);
            if (valence == null) {
                continue;
            }
            double v = valence;
            if (i > 0) {
                Double boost = SentimentLexicon.INTENSIFIERS.get(tokens.get(i - 1));
                if (boost != null) {
                    v += Math.signum(v) * boost;
                }
            }
            if (shouted.get(i)) {
                v += Math.signum(v) * 0.7;
            }
            for (int j = Math.max(0, i - 3); j < i; j++) {
                if (SentimentLexicon.NEGATIONS.contains(tokens.get(j))) {
                    v *= -0.74;
                    break;
                }
            }
            sum += v;
        }
        if (sum != 0 && exclamations > 0) {
            sum += Math.signum(sum) * Math.min(exclamations, 4) * 0.29;
        }
        int but = tokens.lastIndexOf("but");
        if (but > 0 && but < tokens.size() - 1) {
            double after = lexiconScore(String.join(" ", tokens.subList(but + 1, tokens.size())));
            sum = 0.5 * sum + after;
        }
        return sum;
    }

    /** @param sentiment class @param score in [-1, 1], negative to positive */
    public record Result(Sentiment sentiment, double score) {
    }

    /** Word lists (kept apart from the algorithm for readability). */
    static final class SentimentLexicon {

        private SentimentLexicon() {
        }

        static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
                "cannot", "can't", "cant", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "isn't", "isnt",
                "wasn't", "wasnt", "aren't", "arent", "weren't", "won't", "wont", "wouldn't", "shouldn't", "couldn't",
                "haven't", "hasn't", "hadn't", "without", "ain't");

        static final Map<String, Double> INTENSIFIERS = Map.ofEntries(
                Map.entry("very", 0.3), Map.entry("really", 0.3), Map.entry("so", 0.3), Map.entry("extremely", 0.4),
                Map.entry("absolutely", 0.4), Map.entry("totally", 0.3), Map.entry("completely", 0.3), Map.entry("super", 0.3),
                Map.entry("incredibly", 0.4), Map.entry("truly", 0.3), Map.entry("too", 0.2), Map.entry("most", 0.3),
                Map.entry("such", 0.2), Map.entry("utterly", 0.4), Map.entry("highly", 0.3));

        static final Map<String, Double> VALENCE = Map.ofEntries(
                // positive
                Map.entry("good", 1.9), Map.entry("great", 3.1), Map.entry("love", 3.2), Map.entry("loved", 2.9),
                Map.entry("loving", 2.9), Map.entry("loves", 2.7), Map.entry("lovely", 2.8), Map.entry("awesome", 3.1),
                Map.entry("amazing", 2.8), Map.entry("excellent", 2.7), Map.entry("fantastic", 2.6), Map.entry("wonderful", 2.7),
                Map.entry("perfect", 2.7), Map.entry("best", 3.2), Map.entry("better", 1.9), Map.entry("nice", 1.8),
                Map.entry("happy", 2.7), Map.entry("glad", 2.0), Map.entry("thanks", 1.9), Map.entry("thank", 1.5),
                Map.entry("thx", 1.5), Map.entry("appreciate", 2.0), Map.entry("appreciated", 2.0), Map.entry("helpful", 1.8),
                Map.entry("fun", 2.3), Map.entry("enjoy", 2.2), Map.entry("enjoyed", 2.3), Map.entry("excited", 2.1),
                Map.entry("exciting", 2.2), Map.entry("beautiful", 2.9), Map.entry("congrats", 2.4),
                Map.entry("congratulations", 2.9), Map.entry("proud", 2.1), Map.entry("yay", 2.4), Map.entry("wow", 2.0),
                Map.entry("haha", 1.6), Map.entry("hahaha", 1.8), Map.entry("lol", 1.4), Map.entry("lmao", 1.6),
                Map.entry("smile", 1.5), Map.entry("brilliant", 2.8), Map.entry("superb", 3.1), Map.entry("pleased", 1.9),
                Map.entry("delighted", 3.0), Map.entry("satisfied", 1.8), Map.entry("recommend", 1.5), Map.entry("fast", 0.8),
                Map.entry("quick", 0.8), Map.entry("easy", 1.9), Map.entry("friendly", 2.2),
                Map.entry("sweet", 2.0), Map.entry("favorite", 2.0), Map.entry("favourite", 2.0), Map.entry("blessed", 2.9), Map.entry("celebrate", 2.7), Map.entry("epic", 2.0), Map.entry("incredible", 2.7), Map.entry("gorgeous", 3.0),
                Map.entry("cute", 2.0), Map.entry("liked", 1.7), Map.entry("likes", 1.5), Map.entry("enjoying", 2.2), Map.entry("grateful", 2.5),
                Map.entry(":)", 2.0), Map.entry(":-)", 2.0), Map.entry(":d", 2.3), Map.entry(";)", 1.5), Map.entry("=)", 1.8),
                Map.entry("<3", 1.9), Map.entry("😊", 2.2), Map.entry("😀", 2.2), Map.entry("😂", 1.6), Map.entry("❤", 2.5),
                Map.entry("😍", 2.7), Map.entry("👍", 1.8), Map.entry("🙏", 1.2), Map.entry("🎉", 2.2), Map.entry("😁", 2.2),
                Map.entry("♥", 2.2),
                Map.entry("thankful", 2.3), Map.entry("yummy", 2.0), Map.entry("delicious", 2.7), Map.entry("fabulous", 2.8),
                Map.entry("magnificent", 2.9), Map.entry("stunning", 2.7), Map.entry("terrific", 2.9),
                Map.entry("outstanding", 2.9), Map.entry("joy", 2.8), Map.entry("joyful", 2.9), Map.entry("cheers", 2.1),
                Map.entry("smiling", 2.0), Map.entry("laugh", 2.0), Map.entry("laughing", 2.2), Map.entry("funny", 1.9),
                Map.entry("hilarious", 2.0), Map.entry("success", 2.7), Map.entry("successful", 2.8),
                Map.entry("amazed", 2.2), Map.entry("inspiring", 2.2), Map.entry("inspired", 2.2), Map.entry("thrilled", 2.6), Map.entry("honored", 2.2),
                Map.entry("honoured", 2.2), Map.entry("impressive", 2.3), Map.entry("impressed", 2.1),
                Map.entry("relaxing", 2.2), Map.entry("relaxed", 2.2), Map.entry("positive", 2.3),
                Map.entry("enjoyable", 2.4), Map.entry("glorious", 2.6), Map.entry("nicely", 1.9),
                Map.entry("lovin", 2.6), Map.entry("luv", 2.4), Map.entry("gr8", 2.6), Map.entry("xoxo", 2.0), Map.entry("adorable", 2.2), Map.entry("charming", 2.2), Map.entry("handsome", 2.0),
                Map.entry("thankyou", 1.9),
                Map.entry("congratulate", 2.3), Map.entry("goodness", 2.0), Map.entry("pleasure", 2.7), Map.entry("👏", 1.8), Map.entry("🔥", 1.2),
                Map.entry("😎", 1.6), Map.entry("💯", 1.8), Map.entry("🙌", 1.9), Map.entry("😃", 2.2), Map.entry("😄", 2.2),
                Map.entry("😉", 1.5), Map.entry("💕", 2.2), Map.entry("💙", 2.0), Map.entry("💪", 1.6),
                // negative
                Map.entry("sadly", -1.7), Map.entry("sadness", -1.9), Map.entry("depressed", -2.3),
                Map.entry("depressing", -2.3), Map.entry("lonely", -2.0), Map.entry("alone", -1.0), Map.entry("anger", -2.7),
                Map.entry("outraged", -2.9), Map.entry("outrage", -2.8), Map.entry("disgusted", -2.4),
                Map.entry("disgrace", -2.8), Map.entry("disgraceful", -2.6), Map.entry("horrific", -3.2),
                Map.entry("horrendous", -2.8), Map.entry("tragic", -3.0), Map.entry("tragedy", -3.4),
                Map.entry("sucked", -2.0), Map.entry("lame", -1.8), Map.entry("dumb", -2.3), Map.entry("stupidity", -2.4),
                Map.entry("moron", -2.2), Map.entry("idiotic", -2.5), Map.entry("fool", -1.9), Map.entry("liar", -2.6),
                Map.entry("lies", -1.8), Map.entry("lying", -2.2), Map.entry("corrupt", -2.6), Map.entry("cheat", -2.4),
                Map.entry("cheated", -2.4), Map.entry("annoy", -1.9), Map.entry("irritating", -2.1),
                Map.entry("hating", -2.3), Map.entry("dislike", -1.6), Map.entry("smh", -1.5), Map.entry("fml", -2.5),
                Map.entry("sigh", -0.9), Map.entry("bored", -1.1), Map.entry("painful", -2.4), Map.entry("hurts", -2.4), Map.entry("cried", -2.1), Map.entry("tears", -0.9),
                Map.entry("afraid", -2.0), Map.entry("scary", -2.2), Map.entry("panic", -2.3), Map.entry("nervous", -1.2),
                Map.entry("stress", -1.8), Map.entry("stressed", -1.4), Map.entry("stressful", -1.9),
                Map.entry("failure", -2.3),
                Map.entry("unfair", -2.1), Map.entry("trouble", -1.7), Map.entry("mess", -1.5), Map.entry("disaster", -3.1),
                Map.entry("bullshit", -2.8), Map.entry("pissed", -3.2), Map.entry("rage", -2.6),
                Map.entry("regret", -1.8), Map.entry("unhappy", -1.8), Map.entry("ruin", -2.8), Map.entry("worthless", -2.7),
                Map.entry("waste", -1.8), Map.entry("wasted", -2.2), Map.entry("sucky", -1.8), Map.entry("garbage", -2.2), Map.entry("trash", -1.6),
                Map.entry("😔", -1.9), Map.entry("😒", -1.5), Map.entry("😩", -1.8), Map.entry("😤", -1.7), Map.entry("💔", -2.2),
                Map.entry("😫", -1.9), Map.entry("🙄", -1.5), Map.entry("😕", -1.2),
                Map.entry("bad", -2.5), Map.entry("worse", -2.1), Map.entry("worst", -3.1), Map.entry("terrible", -2.1),
                Map.entry("horrible", -2.5), Map.entry("awful", -2.0), Map.entry("hate", -2.7), Map.entry("hated", -3.2),
                Map.entry("hates", -1.9), Map.entry("sad", -2.1), Map.entry("angry", -2.3), Map.entry("mad", -2.2),
                Map.entry("annoyed", -1.6), Map.entry("annoying", -1.7), Map.entry("disappointed", -1.9),
                Map.entry("disappointing", -2.2), Map.entry("frustrated", -2.4), Map.entry("frustrating", -1.9),
                Map.entry("upset", -1.6), Map.entry("poor", -2.1), Map.entry("useless", -1.8), Map.entry("wrong", -2.1), Map.entry("fail", -2.5), Map.entry("failed", -2.3), Map.entry("unacceptable", -2.0), Map.entry("ridiculous", -1.5),
                Map.entry("scam", -2.6), Map.entry("fraud", -2.8), Map.entry("stupid", -2.4), Map.entry("sucks", -1.5),
                Map.entry("suck", -1.9), Map.entry("shit", -2.6), Map.entry("crap", -1.6), Map.entry("damn", -1.7),
                Map.entry("fuck", -2.5), Map.entry("fucking", -1.8), Map.entry("wtf", -2.8), Map.entry("ugh", -1.8), Map.entry("unfortunately", -1.5),
                Map.entry("cry", -2.1), Map.entry("crying", -2.1), Map.entry("fear", -2.2), Map.entry("scared", -1.9),
                Map.entry("worried", -1.2), Map.entry("worry", -1.9), Map.entry("pain", -2.3), Map.entry("hurt", -2.4),
                Map.entry("tired", -1.9), Map.entry("boring", -1.3), Map.entry("ugly", -2.3), Map.entry("disgusting", -2.4),
                Map.entry("idiot", -2.3), Map.entry("idiots", -2.3), Map.entry("shame", -2.1),
                Map.entry("rude", -2.0), Map.entry("ruined", -2.4),
                Map.entry("nightmare", -2.5), Map.entry("pathetic", -2.6), Map.entry("joke", -0.5), Map.entry("furious", -3.0),
                Map.entry("livid", -2.8), Map.entry("ignored", -1.6), Map.entry("ignoring", -1.7),
                Map.entry(":(", -1.9), Map.entry(":-(", -1.9), Map.entry(":/", -1.0), Map.entry("😡", -2.6),
                Map.entry("😠", -2.4), Map.entry("😢", -2.0), Map.entry("😭", -2.0), Map.entry("😞", -2.0), Map.entry("👎", -1.8));
    }
}
