package dev.handoff.app.automation;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * A reply template for the agents' "/" picker.
 *
 * @param id        id
 * @param storeId   tenant
 * @param shortcut  the keyword typed after "/", e.g. {@code tracking} (lower case, unique per store)
 * @param title     what the picker shows
 * @param body      the text, with variables such as {@code {{customer.name}}}
 * @param createdAt creation time
 * @param updatedAt last change
 */
@Serdeable
@MappedEntity("canned_responses")
public record CannedResponse(@Id UUID id, UUID storeId, String shortcut, String title, String body, Instant createdAt, Instant updatedAt) {
}
