package dev.handoff.app.search;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full reindex command: rebuilds every search index from the database with no downtime (see
 * {@link IndexRebuild}). Run it with {@code java -jar handoff.jar reindex} or
 * {@code POST /api/search/reindex} (admins).
 */
@Singleton
public class SearchReindexer {

    private static final Logger LOG = LoggerFactory.getLogger(SearchReindexer.class);

    private final List<Reindexable> indexes;

    SearchReindexer(List<Reindexable> indexes) {
        this.indexes = indexes;
    }

    /** @return documents indexed per index, and the time taken */
    public Report reindexAll() {
        long start = System.nanoTime();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Reindexable r : indexes) {
            long t = System.nanoTime();
            counts.put(r.name(), r.rebuild());
            LOG.info("Reindexed {}: {} documents in {} ms", r.name(), counts.get(r.name()), (System.nanoTime() - t) / 1_000_000);
        }
        return new Report(counts, (System.nanoTime() - start) / 1_000_000);
    }

    /** @param documents documents indexed per index @param millis time taken, ms */
    @Serdeable
    public record Report(Map<String, Integer> documents, long millis) {
    }

    /** {@code POST /api/search/reindex}: 200 with the {@link Report}; 403 for agents without the admin role. */
    @Controller("/api/search/reindex")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @SecurityRequirement(name = "bearer")
    static class ReindexController {

        private final SearchReindexer reindexer;

        ReindexController(SearchReindexer reindexer) {
            this.reindexer = reindexer;
        }

        @Access(AccessLevel.INSTANCE_ADMIN)
        @Post
        Report reindex() {
            return reindexer.reindexAll();
        }
    }
}
