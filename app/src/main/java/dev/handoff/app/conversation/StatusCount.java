package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One inbox tab's figures.
 *
 * @param status        the status
 * @param conversations conversations with it
 * @param unread        of those, how many have unread customer messages
 */
@Serdeable
@Introspected
public record StatusCount(ConversationStatus status, long conversations, long unread) {
}
