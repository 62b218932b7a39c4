package dev.handoff.app.conversation;

import java.util.UUID;

/**
 * Published inside the transaction that stored a message; listeners that push to clients use
 * the after-commit phase.
 *
 * @param storeId tenant
 * @param message the stored message
 */
public record MessageCreated(UUID storeId, MessageView message) {
}
