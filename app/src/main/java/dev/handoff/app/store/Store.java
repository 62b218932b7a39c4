package dev.handoff.app.store;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant: one online store. Every other row carries its {@code storeId}.
 *
 * @param id               store id
 * @param name             display name
 * @param widgetKey        public key the storefront widget is embedded with
 * @param nextTicketNumber the number the next ticket of this store gets
 * @param createdAt        creation time (UTC)
 */
@MappedEntity("stores")
public record Store(@Id UUID id, String name, String widgetKey, int nextTicketNumber, Instant createdAt) {
}
