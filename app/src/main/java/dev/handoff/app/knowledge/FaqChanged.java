package dev.handoff.app.knowledge;

import java.util.List;
import java.util.UUID;

/**
 * Published in the transaction that changed FAQ items; {@link FaqIndexer} re-indexes them after commit.
 *
 * @param id       this change (names its durable indexing job)
 * @param storeId  the store whose FAQ changed
 * @param upserted items created or edited
 * @param deleted  items deleted
 */
public record FaqChanged(UUID id, UUID storeId, List<UUID> upserted, List<UUID> deleted) {

    public FaqChanged(UUID storeId, List<UUID> upserted, List<UUID> deleted) {
        this(UUID.randomUUID(), storeId, upserted, deleted);
    }
}
