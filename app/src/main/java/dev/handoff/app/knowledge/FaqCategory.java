package dev.handoff.app.knowledge;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A knowledge-base category, e.g. "Shipping & delivery".
 *
 * @param id        category id
 * @param storeId   tenant
 * @param name      name, unique per store
 * @param createdAt creation time (UTC)
 */
@MappedEntity("faq_categories")
public record FaqCategory(@Id UUID id, UUID storeId, String name, Instant createdAt) {
}
