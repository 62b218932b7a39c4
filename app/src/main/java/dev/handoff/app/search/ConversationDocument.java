package dev.handoff.app.search;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as the merchant search index holds it.
 *
 * @param storeId         tenant
 * @param conversationId  the conversation
 * @param channel         {@code widget|gmail|outlook|imap}
 * @param status          {@code pending|resolved|escalated|cancelled}
 * @param sentiment       sentiment of the latest analysed customer message, or {@code null}
 * @param customerName    the shopper's name, or {@code null}
 * @param customerEmail   the shopper's email, or {@code null}
 * @param subjects        email subjects (empty for the widget)
 * @param text            every message's text, oldest first, one per line
 * @param references      order and ticket numbers (digits only) the conversation is about
 * @param tags            tags
 * @param hasTicket       whether a ticket was opened
 * @param hasPendingDraft whether a drafted reply waits for review
 * @param createdAt       creation time
 * @param lastActivityAt  time of the newest message
 * @param vector          normalised mean of the customer messages' embeddings, or {@code null} when none
 */
public record ConversationDocument(UUID storeId, UUID conversationId, String channel, String status,
                                   @Nullable String sentiment, @Nullable String customerName, @Nullable String customerEmail,
                                   List<String> subjects, String text, List<String> references, List<String> tags,
                                   boolean hasTicket, boolean hasPendingDraft, Instant createdAt, Instant lastActivityAt,
                                   @Nullable float[] vector) {

    /** @return the searchable body: subjects, then the messages' text */
    public String body() {
        return subjects.isEmpty() ? text : String.join("\n", subjects) + "\n" + text;
    }

    /** @return customer name, email and tags, for the name field */
    public String people() {
        return (customerName == null ? "" : customerName) + " " + (customerEmail == null ? "" : customerEmail) + " " + String.join(" ", tags);
    }
}
