package dev.handoff.app.conversation;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A conversation with its whole thread, read from one snapshot.
 *
 * @param conversation the conversation row
 * @param messages     its messages, oldest first
 * @param notes        internal notes (summaries, agents' notes), oldest first; never shown to the shopper
 */
@Serdeable
public record ConversationDetail(ConversationSummary conversation, List<MessageView> messages, List<Note> notes) {
}
