package dev.handoff.app.conversation;

/** Who wrote a message. */
public enum Author { customer, assistant, agent, system }
