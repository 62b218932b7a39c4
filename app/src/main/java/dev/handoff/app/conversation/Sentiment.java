package dev.handoff.app.conversation;

/** Sentiment class of a customer message (the three TweetEval classes). */
public enum Sentiment { positive, neutral, negative }
