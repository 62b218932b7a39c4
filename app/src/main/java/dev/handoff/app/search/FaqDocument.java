package dev.handoff.app.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An FAQ item as the search index holds it.
 *
 * @param storeId    tenant
 * @param itemId     FAQ item id
 * @param phrasings  the question and its alternate phrasings, each embedded on its own
 * @param vectors    one unit vector per phrasing ({@link EmbeddingService#DIMENSIONS} floats)
 * @param answer     answer text (searched by keyword together with each phrasing)
 * @param updatedAt  the item's version; the index reconciles against it on start
 */
public record FaqDocument(UUID storeId, UUID itemId, List<String> phrasings, List<float[]> vectors, String answer,
                          Instant updatedAt) {
}
