package dev.handoff.app.conversation;

/**
 * Sentiment class of a customer message and of a conversation (the three TweetEval classes). One scheme
 * everywhere: a message carries its class; a conversation's class is its trend (a moving average of the
 * message scores) classed with the same cut-offs; the inbox, the ticket and the dashboard's colours show
 * these classes and never threshold a score themselves.
 */
public enum Sentiment {
    positive, neutral, negative;

    /** Scores below this are negative (the sentiment classifier's cut-off). */
    public static final double NEGATIVE_BELOW = -0.10;
    /** Scores above this are positive (the sentiment classifier's cut-off). */
    public static final double POSITIVE_ABOVE = 0.28;

    /** @return the class of a score or trend in [-1, 1]; {@code null} for {@code null} */
    public static Sentiment ofScore(Double score) {
        if (score == null) {
            return null;
        }
        return score < NEGATIVE_BELOW ? negative : score > POSITIVE_ABOVE ? positive : neutral;
    }
}
