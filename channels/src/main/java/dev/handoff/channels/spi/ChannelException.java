package dev.handoff.channels.spi;

/**
 * A channel could not accept or deliver a message.
 */
public class ChannelException extends RuntimeException {

    private final Kind kind;

    /**
     * @param kind    what went wrong, so callers can answer 400/413 or retry
     * @param message a sentence a shopper or an agent can read
     */
    public ChannelException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** Failure classes. */
    public enum Kind {
        /** the input is not a message this channel accepts (empty, malformed) */
        INVALID,
        /** the input is larger than the channel accepts */
        TOO_LARGE,
        /** the provider failed; retrying later may succeed */
        UNAVAILABLE,
        /** the account lost its authorisation and needs to be connected again */
        NEEDS_REAUTH
    }
}
