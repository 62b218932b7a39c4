package dev.handoff.channels.widget;

import dev.handoff.channels.spi.ChannelAdapter;
import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.ChannelKind;
import dev.handoff.channels.spi.InboundMessage;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The storefront chat widget channel: validates and normalises what a visitor typed (text only;
 * never interpreted as HTML). Replies reach the visitor over the app's WebSocket.
 */
public final class WidgetChannel implements ChannelAdapter {

    /** Longest message accepted, in characters (UTF-16 code units). */
    public static final int MAX_TEXT_LENGTH = 20_000;

    private final Clock clock;

    /** @param clock time source for {@code sentAt} */
    public WidgetChannel(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.widget;
    }

    /**
     * Normalises a visitor's message.
     *
     * @param widgetKey      the store's widget key (the channel account)
     * @param conversationId the widget conversation (the thread key)
     * @param sender         the visitor as given in the pre-chat form
     * @param text           what the visitor typed
     * @param clientId       the client's idempotency key, or {@code null}
     * @return the normalised message: control characters other than tab and newline removed,
     *         line endings as {@code \n}, surrounding whitespace trimmed
     * @throws ChannelException {@code INVALID} when empty, {@code TOO_LARGE} above {@link #MAX_TEXT_LENGTH}
     */
    public InboundMessage normalise(String widgetKey, String conversationId, InboundMessage.Sender sender,
                                    String text, String clientId) {
        if (text == null) {
            throw new ChannelException(ChannelException.Kind.INVALID, "Message text is required");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new ChannelException(ChannelException.Kind.TOO_LARGE,
                    "Message is " + text.length() + " characters; the limit is " + MAX_TEXT_LENGTH);
        }
        String clean = clean(text);
        if (clean.isEmpty()) {
            throw new ChannelException(ChannelException.Kind.INVALID, "Message text is empty");
        }
        return new InboundMessage(ChannelKind.widget, widgetKey, clientId, conversationId, sender, null, clean, null,
                List.of(), clock.instant(), null);
    }

    static String clean(String text) {
        String unified = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(unified.length());
        unified.codePoints()
                .filter(cp -> cp == '\n' || cp == '\t' || !Character.isISOControl(cp))
                .filter(cp -> Character.getType(cp) != Character.FORMAT || cp == 0x200D)
                .forEach(out::appendCodePoint);
        return out.toString().strip();
    }
}
