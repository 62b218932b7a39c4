package dev.handoff.app.search;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The FAQ index the app uses. With the embedded backend it is the {@link LuceneFaqIndex}. With
 * Elasticsearch, every write goes to the embedded index first and then to Elasticsearch (a failure
 * there is thrown, so the caller's durable job retries it), and searches go to Elasticsearch, falling
 * back to the embedded index while it is unavailable ({@link SearchFallbacks} logs and counts it), so
 * the assistant keeps answering from the FAQ during an outage.
 */
@Primary
@Singleton
public class FailoverFaqIndex implements FaqIndex {

    private final LuceneFaqIndex embedded;
    private final ElasticsearchFaqIndex remote;
    private final SearchFallbacks fallbacks;

    FailoverFaqIndex(LuceneFaqIndex embedded, @Nullable ElasticsearchFaqIndex remote, SearchFallbacks fallbacks) {
        this.embedded = embedded;
        this.remote = remote;
        this.fallbacks = fallbacks;
    }

    @Override
    public void upsert(FaqDocument document) {
        embedded.upsert(document);
        if (remote != null) {
            remote.upsert(document);
        }
    }

    @Override
    public void delete(UUID itemId) {
        embedded.delete(itemId);
        if (remote != null) {
            remote.delete(itemId);
        }
    }

    @Override
    public List<FaqHit> search(UUID storeId, String query, float[] vector, int limit, SearchMode mode) {
        if (remote == null) {
            return embedded.search(storeId, query, vector, limit, mode);
        }
        try {
            List<FaqHit> hits = remote.search(storeId, query, vector, limit, mode);
            fallbacks.reached("faq");
            return hits;
        } catch (SearchUnavailableException e) {
            fallbacks.fellBack("faq", "embedded", e);
            return embedded.search(storeId, query, vector, limit, mode);
        }
    }

    /**
     * @return every item either index holds, with its version where both agree and {@link Instant#EPOCH}
     *         where they do not (so that reconciliation re-indexes or deletes it in both)
     */
    @Override
    public Map<UUID, Instant> indexedVersions() {
        if (remote == null) {
            return embedded.indexedVersions();
        }
        Map<UUID, Instant> both = new HashMap<>(embedded.indexedVersions());
        Map<UUID, Instant> inRemote = remote.indexedVersions();
        both.replaceAll((id, version) -> version.equals(inRemote.get(id)) ? version : Instant.EPOCH);
        inRemote.keySet().forEach(id -> both.putIfAbsent(id, Instant.EPOCH));
        return both;
    }

    @Override
    public IndexRebuild<FaqDocument> rebuild() {
        IndexRebuild<FaqDocument> local = embedded.rebuild();
        if (remote == null) {
            return local;
        }
        IndexRebuild<FaqDocument> far;
        try {
            far = remote.rebuild();
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        return new IndexRebuild<>() {
            @Override
            public void add(List<FaqDocument> documents) {
                local.add(documents);
                far.add(documents);
            }

            @Override
            public void commit() {
                far.commit();
                local.commit();
            }

            @Override
            public void close() {
                try {
                    far.close();
                } finally {
                    local.close();
                }
            }
        };
    }
}
