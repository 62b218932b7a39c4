package dev.handoff.app.tickets;

import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A support record a person acts on, opened when a conversation is escalated.
 *
 * @param id               ticket id
 * @param storeId          tenant
 * @param number           human-friendly number, unique per store (1001, 1002, ...)
 * @param conversationId   the originating conversation
 * @param status           {@code new|open|waiting|resolved}
 * @param priority         {@code low|medium|high|urgent}
 * @param category         e.g. {@code shipping}, {@code damaged_item}, {@code billing}
 * @param summary          a short summary for the agent
 * @param orderNumber      the order involved, e.g. {@code #1042}, or {@code null}
 * @param sentiment        the customer's sentiment when escalated
 * @param escalationReason why it was escalated, e.g. {@code human_requested}
 * @param createdAt        creation time (UTC)
 * @param updatedAt        last change (UTC)
 * @param assigneeId       the agent working it, or {@code null}
 * @param assignedAt       when it was last assigned, or {@code null}
 * @param tags             comma-separated tags
 */
@MappedEntity("tickets")
public record Ticket(@Id UUID id, UUID storeId, int number, UUID conversationId, String status, Priority priority,
                     String category, String summary, @Nullable String orderNumber, @Nullable String sentiment,
                     String escalationReason, Instant createdAt, Instant updatedAt, @Nullable UUID assigneeId,
                     @Nullable Instant assignedAt, String tags) {

    /** @return the tags as a list */
    public java.util.List<String> tagList() {
        return tags.isBlank() ? java.util.List.of() : java.util.List.of(tags.split(","));
    }

    /** Ticket workflow; {@link #value()} is the stored and API value ({@code new} is a Java keyword). */
    public enum Status {
        NEW, OPEN, WAITING, RESOLVED;

        /** @return the lower-case value: {@code new|open|waiting|resolved} */
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @return the status with this value; 400 problem for an unknown one */
        public static Status parse(String value) {
            for (Status s : values()) {
                if (s.value().equals(value)) {
                    return s;
                }
            }
            throw Problems.badRequest("Unknown ticket status '" + value + "'; use new, open, waiting or resolved");
        }
    }

    /** Priority, lowest first. */
    public enum Priority { low, medium, high, urgent }

    /** The category of a ticket that knows why a person is needed but not what about (a request for a person, a complaint). */
    public static final String GENERAL = "general";
}
