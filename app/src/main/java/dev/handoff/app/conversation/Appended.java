package dev.handoff.app.conversation;

/**
 * The result of {@link MessageAppender#append}.
 *
 * @param message the stored message (new or the earlier duplicate)
 * @param created false when an idempotent duplicate was detected
 */
public record Appended(Message message, boolean created) {
}
