package dev.handoff.app.knowledge;

import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.search.FaqDocument;
import dev.handoff.app.search.FaqIndex;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the FAQ search index in step with the database: every committed change is embedded and
 * indexed before the API call that made it returns (so it is searchable at once; a bulk import embeds
 * on every core), and on start the
 * index is reconciled with the database, so a crash between commit and indexing loses nothing.
 */
@Singleton
@Order(20)
class FaqIndexer implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(FaqIndexer.class);

    private final FaqRepositories.Items items;
    private final FaqIndex index;
    private final EmbeddingService embeddings;

    FaqIndexer(FaqRepositories.Items items, FaqIndex index, EmbeddingService embeddings) {
        this.items = items;
        this.index = index;
        this.embeddings = embeddings;
    }

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onChange(FaqChanged change) {
        change.deleted().forEach(index::delete);
        if (!change.upserted().isEmpty()) {
            items.findByIdIn(change.upserted()).parallelStream().forEach(this::index);
        }
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Map<UUID, Instant> indexed = new HashMap<>(index.indexedVersions());
        int reindexed = 0;
        for (FaqItem item : items.findAll()) {
            Instant version = indexed.remove(item.id());
            if (version == null || !version.equals(item.updatedAt().truncatedTo(ChronoUnit.MILLIS))) {
                index(item);
                reindexed++;
            }
        }
        indexed.keySet().forEach(index::delete);
        if (reindexed > 0 || !indexed.isEmpty()) {
            LOG.info("FAQ index reconciled: {} items indexed, {} stale removed", reindexed, indexed.size());
        }
    }

    private void index(FaqItem item) {
        List<String> phrasings = item.phrasings();
        List<float[]> vectors = phrasings.stream().map(embeddings::embed).toList();
        index.upsert(new FaqDocument(item.storeId(), item.id(), phrasings, vectors, item.answer(), item.updatedAt()));
    }
}
