package dev.handoff.channels.spi;

/**
 * One adapter per channel. Each adapter normalises its provider's input (a widget POST, a Gmail
 * history page, an IMAP fetch) into {@link InboundMessage}s; the app threads and stores them.
 * Widget replies travel over the app's own WebSocket, so delivery through a provider is part of
 * the email adapters only.
 */
public interface ChannelAdapter {

    /** @return the channel this adapter serves */
    ChannelKind kind();
}
