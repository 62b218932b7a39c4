package dev.handoff.app.assistant;

import dev.handoff.app.conversation.Sentiment;
import dev.handoff.app.search.EmbeddingService;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Embedded three-class sentiment (no network). Two signals are combined:
 * <ol>
 *   <li>a valence lexicon in the manner of VADER (Hutto and Gilbert, ICWSM 2014): word valences in
 *       [-3, 3], negation within three preceding words flips and damps a valence, intensifiers scale
 *       it, exclamation marks and ALL-CAPS amplify; emoticons and emoji count as words;</li>
 *   <li>the difference between the message embedding's mean similarity to positive and to negative
 *       centroid sentences (all-MiniLM-L6-v2).</li>
 * </ol>
 * The score is {@code tanh(LEXICON_WEIGHT * lexicon + EMBEDDING_WEIGHT * embedding)} in [-1, 1];
 * below {@link #NEGATIVE_BELOW} is negative, above {@link #POSITIVE_ABOVE} positive. The lexicon,
 * examples, weights and thresholds were written for Handoff and tuned on the TweetEval sentiment
 * dev split only (see README for the macro-averaged recall).
 */
@Singleton
public class SentimentClassifier {

    static final double LEXICON_WEIGHT = 0.20;
    static final double EMBEDDING_WEIGHT = 5.0;
    static final double NEGATIVE_BELOW = -0.10;
    static final double POSITIVE_ABOVE = 0.28;

    private static final Pattern TOKEN = Pattern.compile("[:;=8][-']?[()dDpP/\\\\|*]|<3|[\\p{So}\\p{Sk}]|[\\p{L}']+|!+|\\?+");

    private final EmbeddingService embeddings;
    private final float[] positive;
    private final float[] negative;

    SentimentClassifier(EmbeddingService embeddings) {
        this.embeddings = embeddings;
        this.positive = centroid(SentimentLexicon.POSITIVE_EXAMPLES);
        this.negative = centroid(SentimentLexicon.NEGATIVE_EXAMPLES);
    }

    /**
     * Classifies a message.
     *
     * @param text   the message
     * @param vector its embedding
     * @return class and score in [-1, 1]
     */
    public Result classify(String text, float[] vector) {
        double lexicon = lexiconScore(text);
        double embedding = EmbeddingService.cosine(vector, positive) - EmbeddingService.cosine(vector, negative);
        double score = Math.tanh(LEXICON_WEIGHT * lexicon + EMBEDDING_WEIGHT * embedding);
        Sentiment s = score < NEGATIVE_BELOW ? Sentiment.negative : score > POSITIVE_ABOVE ? Sentiment.positive : Sentiment.neutral;
        return new Result(s, score);
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

    private float[] centroid(List<String> sentences) {
        float[] c = new float[EmbeddingService.DIMENSIONS];
        for (String s : sentences) {
            float[] v = embeddings.embed(s);
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i] / sentences.size();
            }
        }
        return c;
    }

    /** @param sentiment class @param score in [-1, 1], negative to positive */
    public record Result(Sentiment sentiment, double score) {
    }

    /** Word lists and example sentences (kept apart from the algorithm for readability). */
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
                Map.entry("exciting", 2.2), Map.entry("cool", 1.3), Map.entry("beautiful", 2.9), Map.entry("pretty", 1.5),
                Map.entry("win", 2.8), Map.entry("won", 2.7), Map.entry("winning", 2.4), Map.entry("congrats", 2.4),
                Map.entry("congratulations", 2.9), Map.entry("proud", 2.1), Map.entry("yay", 2.4), Map.entry("wow", 2.0),
                Map.entry("haha", 1.6), Map.entry("hahaha", 1.8), Map.entry("lol", 1.4), Map.entry("lmao", 1.6),
                Map.entry("smile", 1.5), Map.entry("brilliant", 2.8), Map.entry("superb", 3.1), Map.entry("pleased", 1.9),
                Map.entry("delighted", 3.0), Map.entry("satisfied", 1.8), Map.entry("recommend", 1.5), Map.entry("fast", 0.8),
                Map.entry("quick", 0.8), Map.entry("easy", 1.9), Map.entry("friendly", 2.2), Map.entry("kind", 2.4),
                Map.entry("sweet", 2.0), Map.entry("favorite", 2.0), Map.entry("favourite", 2.0), Map.entry("blessed", 2.9),
                Map.entry("hope", 1.9), Map.entry("hopefully", 1.7), Map.entry("ready", 1.0), Map.entry("celebrate", 2.7),
                Map.entry("birthday", 1.0), Map.entry("luck", 2.0), Map.entry("lucky", 1.8), Map.entry("free", 1.0),
                Map.entry("welcome", 2.0), Map.entry("epic", 2.0), Map.entry("incredible", 2.7), Map.entry("gorgeous", 3.0),
                Map.entry("cute", 2.0), Map.entry("yes", 1.7), Map.entry("fine", 0.8), Map.entry("worth", 0.9),
                Map.entry("solved", 1.4), Map.entry("resolved", 1.3), Map.entry("works", 0.9), Map.entry("worked", 0.9),
                Map.entry("like", 1.0), Map.entry("liked", 1.7), Map.entry("likes", 1.5), Map.entry("enjoying", 2.2),
                Map.entry("legend", 1.8), Map.entry("grateful", 2.5),
                Map.entry("interesting", 1.7), Map.entry("support", 1.7), Map.entry("okay", 0.9), Map.entry("ok", 0.9),
                Map.entry(":)", 2.0), Map.entry(":-)", 2.0), Map.entry(":d", 2.3), Map.entry(";)", 1.5), Map.entry("=)", 1.8),
                Map.entry("<3", 1.9), Map.entry("😊", 2.2), Map.entry("😀", 2.2), Map.entry("😂", 1.6), Map.entry("❤", 2.5),
                Map.entry("😍", 2.7), Map.entry("👍", 1.8), Map.entry("🙏", 1.2), Map.entry("🎉", 2.2), Map.entry("😁", 2.2),
                Map.entry("♥", 2.2),
                Map.entry("thankful", 2.3), Map.entry("yummy", 2.0), Map.entry("delicious", 2.7), Map.entry("fabulous", 2.8),
                Map.entry("magnificent", 2.9), Map.entry("stunning", 2.7), Map.entry("terrific", 2.9),
                Map.entry("outstanding", 2.9), Map.entry("joy", 2.8), Map.entry("joyful", 2.9), Map.entry("cheers", 2.1),
                Map.entry("smiling", 2.0), Map.entry("laugh", 2.0), Map.entry("laughing", 2.2), Map.entry("funny", 1.9),
                Map.entry("hilarious", 2.0), Map.entry("victory", 2.7), Map.entry("champion", 2.2),
                Map.entry("champions", 2.2), Map.entry("success", 2.7), Map.entry("successful", 2.8),
                Map.entry("amazed", 2.2), Map.entry("inspiring", 2.2), Map.entry("inspired", 2.2), Map.entry("peace", 2.5),
                Map.entry("peaceful", 2.2), Map.entry("safe", 1.9), Map.entry("thrilled", 2.6), Map.entry("honored", 2.2),
                Map.entry("honoured", 2.2), Map.entry("impressive", 2.3), Map.entry("impressed", 2.1),
                Map.entry("relaxing", 2.2), Map.entry("relaxed", 2.2), Map.entry("positive", 2.3),
                Map.entry("enjoyable", 2.4), Map.entry("glorious", 2.6), Map.entry("merry", 2.3), Map.entry("nicely", 1.9),
                Map.entry("lovin", 2.6), Map.entry("luv", 2.4), Map.entry("gr8", 2.6), Map.entry("xoxo", 2.0),
                Map.entry("heart", 1.4), Map.entry("adorable", 2.2), Map.entry("charming", 2.2), Map.entry("handsome", 2.0),
                Map.entry("healthy", 1.7), Map.entry("fresh", 1.3), Map.entry("tonight", 0.4), Map.entry("party", 1.7),
                Map.entry("holiday", 1.3), Map.entry("weekend", 0.8), Map.entry("christmas", 1.2),
                Map.entry("thankyou", 1.9), Map.entry("smart", 1.7), Map.entry("genius", 2.2), Map.entry("legendary", 2.2),
                Map.entry("lit", 1.5), Map.entry("dope", 1.5), Map.entry("fire", 0.5), Map.entry("rocks", 1.5),
                Map.entry("congratulate", 2.3), Map.entry("wins", 2.7), Map.entry("top", 0.8), Map.entry("goodness", 2.0),
                Map.entry("well", 1.1), Map.entry("pleasure", 2.7), Map.entry("👏", 1.8), Map.entry("🔥", 1.2),
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
                Map.entry("sigh", -0.9), Map.entry("bored", -1.1), Map.entry("broke", -1.8), Map.entry("painful", -2.4),
                Map.entry("injured", -1.8), Map.entry("injury", -1.8), Map.entry("ill", -1.8), Map.entry("dying", -2.9),
                Map.entry("die", -2.9), Map.entry("dies", -2.8), Map.entry("murder", -3.7), Map.entry("murdered", -3.3),
                Map.entry("shot", -1.5), Map.entry("bomb", -2.2), Map.entry("bombing", -3.0), Map.entry("terrorist", -3.7),
                Map.entry("terrorism", -3.6), Map.entry("violent", -2.9), Map.entry("abuse", -3.2),
                Map.entry("racism", -3.1), Map.entry("hurts", -2.4), Map.entry("cried", -2.1), Map.entry("tears", -0.9),
                Map.entry("afraid", -2.0), Map.entry("scary", -2.2), Map.entry("panic", -2.3), Map.entry("nervous", -1.2),
                Map.entry("stress", -1.8), Map.entry("stressed", -1.4), Map.entry("stressful", -1.9),
                Map.entry("failure", -2.3), Map.entry("loser", -2.4), Map.entry("losers", -2.4), Map.entry("defeat", -2.0),
                Map.entry("unfair", -2.1), Map.entry("trouble", -1.7), Map.entry("mess", -1.5), Map.entry("disaster", -3.1),
                Map.entry("bullshit", -2.8), Map.entry("pissed", -3.2), Map.entry("rage", -2.6), Map.entry("missed", -1.2),
                Map.entry("regret", -1.8), Map.entry("unhappy", -1.8), Map.entry("ruin", -2.8), Map.entry("worthless", -2.7),
                Map.entry("waste", -1.8), Map.entry("wasted", -2.2), Map.entry("cancelled", -1.0),
                Map.entry("canceled", -1.0), Map.entry("sucky", -1.8), Map.entry("garbage", -2.2), Map.entry("trash", -1.6),
                Map.entry("😔", -1.9), Map.entry("😒", -1.5), Map.entry("😩", -1.8), Map.entry("😤", -1.7), Map.entry("💔", -2.2),
                Map.entry("😫", -1.9), Map.entry("🙄", -1.5), Map.entry("😕", -1.2),
                Map.entry("bad", -2.5), Map.entry("worse", -2.1), Map.entry("worst", -3.1), Map.entry("terrible", -2.1),
                Map.entry("horrible", -2.5), Map.entry("awful", -2.0), Map.entry("hate", -2.7), Map.entry("hated", -3.2),
                Map.entry("hates", -1.9), Map.entry("sad", -2.1), Map.entry("angry", -2.3), Map.entry("mad", -2.2),
                Map.entry("annoyed", -1.6), Map.entry("annoying", -1.7), Map.entry("disappointed", -1.9),
                Map.entry("disappointing", -2.2), Map.entry("frustrated", -2.4), Map.entry("frustrating", -1.9),
                Map.entry("upset", -1.6), Map.entry("poor", -2.1), Map.entry("useless", -1.8), Map.entry("broken", -1.6),
                Map.entry("damaged", -1.9), Map.entry("wrong", -2.1), Map.entry("fail", -2.5), Map.entry("failed", -2.3),
                Map.entry("problem", -1.7), Map.entry("problems", -1.7), Map.entry("issue", -0.8), Map.entry("issues", -0.8),
                Map.entry("never", -0.8), Map.entry("unacceptable", -2.0), Map.entry("ridiculous", -1.5),
                Map.entry("scam", -2.6), Map.entry("fraud", -2.8), Map.entry("stupid", -2.4), Map.entry("sucks", -1.5),
                Map.entry("suck", -1.9), Map.entry("shit", -2.6), Map.entry("crap", -1.6), Map.entry("damn", -1.7),
                Map.entry("fuck", -2.5), Map.entry("fucking", -1.8), Map.entry("wtf", -2.8), Map.entry("ugh", -1.8),
                Map.entry("sorry", -0.3), Map.entry("unfortunately", -1.5), Map.entry("sick", -2.3), Map.entry("died", -2.6),
                Map.entry("dead", -3.3), Map.entry("death", -2.9), Map.entry("kill", -3.7), Map.entry("killed", -3.5),
                Map.entry("war", -2.9), Map.entry("attack", -2.1), Map.entry("crisis", -3.1), Map.entry("lost", -1.3),
                Map.entry("lose", -1.7), Map.entry("losing", -1.6), Map.entry("miss", -0.6), Map.entry("missing", -1.2),
                Map.entry("late", -0.8), Map.entry("delay", -1.3), Map.entry("delayed", -1.3), Map.entry("waiting", -0.5),
                Map.entry("cry", -2.1), Map.entry("crying", -2.1), Map.entry("fear", -2.2), Map.entry("scared", -1.9),
                Map.entry("worried", -1.2), Map.entry("worry", -1.9), Map.entry("pain", -2.3), Map.entry("hurt", -2.4),
                Map.entry("tired", -1.9), Map.entry("boring", -1.3), Map.entry("ugly", -2.3), Map.entry("disgusting", -2.4),
                Map.entry("idiot", -2.3), Map.entry("idiots", -2.3), Map.entry("shame", -2.1), Map.entry("racist", -3.1),
                Map.entry("rude", -2.0), Map.entry("refund", -0.6), Map.entry("complaint", -1.5), Map.entry("ruined", -2.4),
                Map.entry("nightmare", -2.5), Map.entry("pathetic", -2.6), Map.entry("joke", -0.5), Map.entry("furious", -3.0),
                Map.entry("livid", -2.8), Map.entry("hell", -2.4), Map.entry("ignored", -1.6), Map.entry("ignoring", -1.7),
                Map.entry("evil", -3.4), Map.entry("violence", -3.1), Map.entry("terror", -3.0), Map.entry("no", -1.2),
                Map.entry("against", -1.2), Map.entry("stop", -1.2), Map.entry("trump", -0.3), Map.entry("shooting", -1.9),
                Map.entry(":(", -1.9), Map.entry(":-(", -1.9), Map.entry(":/", -1.0), Map.entry("😡", -2.6),
                Map.entry("😠", -2.4), Map.entry("😢", -2.0), Map.entry("😭", -2.0), Map.entry("😞", -2.0), Map.entry("👎", -1.8));

        static final List<String> POSITIVE_EXAMPLES = List.of(
                "I love it, thank you so much!", "This is great news, I'm so happy", "Amazing service, really impressed",
                "Had a wonderful time, can't wait for next time", "Thanks for the quick help, you're the best",
                "Congratulations, well deserved!", "What a beautiful day, feeling blessed", "Excited for the weekend",
                "The order arrived early and looks perfect", "Great job everyone, proud of this team",
                "Such a fun night with friends", "Best concert ever, what a show", "Happy birthday, hope you have a great day",
                "So glad it all worked out", "Looking forward to seeing you tomorrow", "That was hilarious, made my day",
                "Our team won the game tonight!", "Really enjoying the new album", "Beautiful photos, love them",
                "Great to hear, thanks for sharing");

        static final List<String> NEGATIVE_EXAMPLES = List.of(
                "This is terrible, I'm so angry", "Worst experience ever, completely unacceptable",
                "I'm really disappointed and frustrated", "My package arrived broken and nobody is answering",
                "I hate this, it keeps failing", "So sad to hear this awful news", "This is a scam, I want my money back",
                "Third time I'm asking and still no reply", "Sick of waiting, this is ridiculous", "What a disaster, people died",
                "Can't believe how stupid this is", "Feeling miserable and tired today", "They lost again, so embarrassing",
                "Shame on them for lying", "This government is a joke", "I'm scared and worried about what's next",
                "Ugh, my phone broke again", "Nobody cares and it's infuriating", "That movie was boring and a waste of money",
                "So annoyed with this awful service");
    }
}
