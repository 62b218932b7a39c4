package dev.handoff.app.knowledge;

import dev.handoff.app.assistant.faq.FaqGateSettings;
import dev.handoff.app.assistant.faq.FaqHubness;
import dev.handoff.app.cluster.SharedCaches;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Each store's FAQ hubness ({@link FaqHubness}, over its published items), computed on the first message after
 * a change and cached per store; a change of the store's items ({@link FaqChanged}) forgets it here and on
 * every other node ({@link SharedCaches}). The vectors come from the caches the indexer fills
 * ({@link PhrasingVectors}, {@link AnswerVectors}), which start empty: after a start, every store's is computed in
 * the background (embedding its FAQ once), so the first shopper does not wait for it. Nothing is computed when the
 * gate's hubness weight is 0 (all-MiniLM-L6-v2's gate).
 * While a node is out of touch with the others, {@link SharedCaches} is bypassed and every message computes it
 * again (on 2 cores about 30 ms for 300 phrasings, 0.18 s for 1,000: {@link FaqHubness}). One computation per store
 * runs at a time ({@link SharedCaches.Cache#get}): messages that need it meanwhile wait for it and share its
 * result, unless the FAQ changed since it started; then they compute it again.
 */
@Singleton
public class StoreHubness {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHubness.class);

    private final FaqRepositories.Items items;
    private final boolean enabled;
    private final PhrasingVectors phrasings;
    private final AnswerVectors answers;
    private final SharedCaches.Cache<Map<UUID, Double>> cache;

    StoreHubness(FaqRepositories.Items items, PhrasingVectors phrasings, AnswerVectors answers, SharedCaches caches,
                 FaqGateSettings gate) {
        this.items = items;
        this.enabled = gate.gate().hubnessWeight() != 0;
        this.phrasings = phrasings;
        this.answers = answers;
        this.cache = caches.cache("faq-hubness", 10_000);
    }

    /** @return the centred hubness of each published item of the store, by item id (empty when the weight is 0) */
    public Map<UUID, Double> of(UUID storeId) {
        if (!enabled) {
            return Map.of();
        }
        return cache.get(storeId, id -> FaqHubness.of(items.findByStoreIdAndPublishedTrueOrderByPositionAndCreatedAt(id)
                .stream().map(i -> new FaqHubness.ItemVectors(i.id(), i.phrasings().stream().map(phrasings::of).toList(), answers.of(i)))
                .toList()));
    }

    /** After a start: every store's hubness, in the background, one store after another. */
    @EventListener
    void onStartup(ServerStartupEvent event) {
        if (enabled) {
            CompletableFuture.runAsync(() -> {
                try {
                    items.findStoresWithPublishedItems().forEach(store -> {
                        try {
                            of(store);
                        } catch (RuntimeException e) {
                            LOG.warn("FAQ hubness of store {} not computed ahead (its first message computes it): {}", store, e.getMessage());
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warn("FAQ hubness not computed ahead (the first message of each store computes it): {}", e.getMessage());
                }
            });
        }
    }

    @EventListener
    void onFaqChanged(FaqChanged change) {
        cache.invalidate(change.storeId());
    }
}
