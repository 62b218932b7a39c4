package dev.handoff.channels.widget;

import dev.handoff.channels.spi.ChannelException;
import dev.handoff.channels.spi.InboundMessage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WidgetChannelTest {

    private final WidgetChannel channel = new WidgetChannel(Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
    private final InboundMessage.Sender visitor = new InboundMessage.Sender("Ana", "ana@example.com");

    @Test
    void keepsTextAndMarkupLiterallyButDropsControlCharacters() {
        InboundMessage m = channel.normalise("demo", "c1", visitor, "  <script>alert(1)</script>\u0000\r\nhi\u200B ", "k1");
        assertEquals("<script>alert(1)</script>\nhi", m.text());
        assertEquals("k1", m.providerMessageId());
        assertEquals("c1", m.threadKey());
        assertEquals(Instant.parse("2026-11-21T10:00:00Z"), m.sentAt());
    }

    @Test
    void rejectsEmptyAndOversizedText() {
        ChannelException empty = assertThrows(ChannelException.class, () -> channel.normalise("demo", "c1", visitor, " \n\t", null));
        assertEquals(ChannelException.Kind.INVALID, empty.kind());
        ChannelException big = assertThrows(ChannelException.class,
                () -> channel.normalise("demo", "c1", visitor, "x".repeat(WidgetChannel.MAX_TEXT_LENGTH + 1), null));
        assertEquals(ChannelException.Kind.TOO_LARGE, big.kind());
        assertEquals(WidgetChannel.MAX_TEXT_LENGTH,
                channel.normalise("demo", "c1", visitor, "y".repeat(WidgetChannel.MAX_TEXT_LENGTH), null).text().length());
    }
}
