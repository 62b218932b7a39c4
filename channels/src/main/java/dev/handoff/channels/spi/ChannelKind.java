package dev.handoff.channels.spi;

/** The channels a shopper can write through. Names are the values stored on conversations. */
public enum ChannelKind { widget, gmail, outlook, imap }
