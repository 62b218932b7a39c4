package dev.handoff.app.conversation;

/**
 * Sentiment class of a customer message and of a conversation (the three TweetEval classes). One scheme
 * everywhere: a message's score is {@code P(positive) − P(negative)} in [-1, 1] (the sentiment
 * classifier's), a conversation's is its trend (a moving average of the message scores), and both are
 * classed with the same cut-offs; the inbox, the ticket and the dashboard's colours show these classes
 * and never threshold a score themselves.
 */
public enum Sentiment {
    positive, neutral, negative;

    /** Scores below this are negative (the sentiment classifier's cut-off). */
    public static final double NEGATIVE_BELOW = -0.25;
    /** Scores above this are positive (the sentiment classifier's cut-off). */
    public static final double POSITIVE_ABOVE = 0.25;

    /** @return the class of a score or trend in [-1, 1]; {@code null} for {@code null} */
    public static Sentiment ofScore(Double score) {
        if (score == null) {
            return null;
        }
        return of(score);
    }

    /**
     * @param score a sentiment score in [-1, 1]
     * @return its class
     */
    public static Sentiment of(double score) {
        return score < NEGATIVE_BELOW ? negative : score > POSITIVE_ABOVE ? positive : neutral;
    }
}
