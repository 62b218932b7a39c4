package dev.handoff.app.knowledge;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Repositories of the knowledge base. */
final class FaqRepositories {

    private FaqRepositories() {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface Categories extends CrudRepository<FaqCategory, UUID> {

        List<FaqCategory> findByStoreIdOrderByName(UUID storeId);

        Optional<FaqCategory> findByStoreIdAndName(UUID storeId, String name);

        Optional<FaqCategory> findByIdAndStoreId(UUID id, UUID storeId);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface Items extends CrudRepository<FaqItem, UUID> {

        List<FaqItem> findByStoreIdOrderByCreatedAt(UUID storeId);

        Optional<FaqItem> findByIdAndStoreId(UUID id, UUID storeId);

        /** The store's item with its row locked until the transaction ends. */
        @io.micronaut.data.annotation.Query("SELECT * FROM faq_items WHERE id = :id AND store_id = :storeId FOR UPDATE")
        Optional<FaqItem> lock(UUID id, UUID storeId);

        List<FaqItem> findByIdIn(List<UUID> ids);

        List<FaqItem> findByStoreIdAndQuestionIn(UUID storeId, List<String> questions);

        List<FaqItem> findByStoreIdAndPublishedTrueOrderByPositionAndCreatedAt(UUID storeId);

        /** @return the stores that have a published item */
        @io.micronaut.data.annotation.Query("SELECT DISTINCT store_id FROM faq_items WHERE published")
        List<UUID> findStoresWithPublishedItems();

        @io.micronaut.data.annotation.Query("SELECT coalesce(max(position), -1) + 1 FROM faq_items WHERE store_id = :storeId AND category_id IS NOT DISTINCT FROM :categoryId")
        int nextPosition(UUID storeId, @io.micronaut.core.annotation.Nullable UUID categoryId);

        @io.micronaut.data.annotation.Query("UPDATE faq_items SET position = :position WHERE id = :id AND store_id = :storeId")
        void updatePosition(UUID id, UUID storeId, int position);
    }
}
