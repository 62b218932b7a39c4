package dev.handoff.app.knowledge;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.search.FaqDocument;
import dev.handoff.app.search.FaqIndex;
import dev.handoff.app.search.IndexRebuild;
import dev.handoff.app.search.Reindexable;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps the FAQ search index in step with the database. Every committed change is embedded and
 * indexed before the API call that made it returns (so it is searchable at once; a bulk import embeds
 * on every core). The changing transaction also schedules a durable {@code index-faq} job, claimed
 * once the direct write succeeded; when it fails (Elasticsearch is down) the job stays and re-syncs
 * the items from the database {@code handoff.search.retry-delay} (30 s) later, retried until it succeeds. On start, and every ten minutes,
 * the index is reconciled with the database, so nothing lost between commit and indexing stays lost.
 * In cluster mode each node keeps its own embedded copy (the fallback during an Elasticsearch outage):
 * a change on another node ({@value #CLUSTER_KIND} event) reconciles this node's copy a second later.
 */
@Singleton
@Order(20)
public class FaqIndexer implements ApplicationEventListener<StartupEvent>, Reindexable, dev.handoff.app.cluster.ClusterListener {

    static final String CLUSTER_KIND = "faq";

    static final String TASK = "index-faq";
    private static final Logger LOG = LoggerFactory.getLogger(FaqIndexer.class);

    private final FaqRepositories.Items items;
    private final FaqIndex index;
    private final PhrasingVectors phrasingVectors;
    private final JobScheduler jobs;
    private final OneTimeTask<String> task;
    private final TransactionOperations<Connection> transactions;
    private final Duration retryDelay;
    private final dev.handoff.app.cluster.ClusterBus bus;
    private final java.util.concurrent.atomic.AtomicBoolean reconcileScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final AnswerVectors answerVectors;

    FaqIndexer(dev.handoff.app.cluster.ClusterBus bus, FaqRepositories.Items items, FaqIndex index, PhrasingVectors phrasingVectors, JobScheduler jobs,
               @Named(TASK) OneTimeTask<String> task, TransactionOperations<Connection> transactions,
               @Value("${handoff.search.retry-delay:30s}") Duration retryDelay, AnswerVectors answerVectors) {
        this.answerVectors = answerVectors;
        this.retryDelay = retryDelay;
        this.bus = bus;
        this.transactions = transactions;
        this.items = items;
        this.index = index;
        this.phrasingVectors = phrasingVectors;
        this.jobs = jobs;
        this.task = task;
    }

    /** In the changing transaction: the durable job, keyed by the change; the other nodes hear of it at commit. */
    @EventListener
    void onChangeInTransaction(FaqChanged change) {
        jobs.enqueueAt(task, change.id().toString(), ids(change), Instant.now().plus(retryDelay));
        bus.announce(CLUSTER_KIND);
    }

    @Override
    public java.util.Set<String> kinds() {
        return java.util.Set.of(CLUSTER_KIND);
    }

    @Override
    public void onClusterEvent(dev.handoff.app.cluster.ClusterEvent event) {
        if (reconcileScheduled.compareAndSet(false, true)) {
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                reconcileScheduled.set(false);
                reconcile();
            }, java.util.concurrent.CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    /** After commit: index at once, then claim the job; a failure leaves the job to retry. */
    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onChange(FaqChanged change) {
        try {
            change.deleted().forEach(index::delete);
            if (!change.upserted().isEmpty()) {
                items.findByIdIn(change.upserted()).parallelStream().forEach(this::indexOrRemove);
            }
            claim(change.id().toString());
        } catch (RuntimeException e) {
            LOG.warn("FAQ indexing failed, retried by a durable job in {} s: {}", retryDelay.toSeconds(), e.getMessage());
        }
    }

    private void claim(String instanceId) {
        transactions.executeWrite(status -> jobs.claim(TASK, instanceId));
    }

    /** The job: indexes the listed items as the database holds them now, deleting those that are gone. */
    void sync(List<UUID> ids) {
        Map<UUID, FaqItem> found = new HashMap<>();
        items.findByIdIn(ids).forEach(i -> found.put(i.id(), i));
        for (UUID id : ids) {
            FaqItem item = found.get(id);
            if (item == null) {
                index.delete(id);
            } else {
                indexOrRemove(item);
            }
        }
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        reconcile();
    }

    /** Re-indexes items whose indexed version differs from the database and removes items that are gone. */
    @Scheduled(fixedDelay = "10m", initialDelay = "10m")
    void reconcile() {
        try {
            Map<UUID, Instant> indexed = new HashMap<>(index.indexedVersions());
            int reindexed = 0;
            for (FaqItem item : items.findAll()) {
                if (!item.published()) {
                    continue; // a draft stays in `indexed` and is removed below
                }
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
        } catch (RuntimeException e) {
            LOG.warn("FAQ index reconciliation failed, next attempt in ten minutes: {}", e.getMessage());
        }
    }

    @Override
    public String name() {
        return "faq";
    }

    /** Rebuilds the FAQ index from the database, 100 items a batch, then reconciles changes that raced with it. */
    @Override
    public int rebuild() {
        int count = 0;
        try (IndexRebuild<FaqDocument> rebuild = index.rebuild()) {
            List<FaqItem> all = new ArrayList<>();
            items.findAll().forEach(i -> {
                if (i.published()) {
                    all.add(i);
                }
            });
            for (int from = 0; from < all.size(); from += 100) {
                List<FaqDocument> batch = all.subList(from, Math.min(all.size(), from + 100)).parallelStream().map(this::document).toList();
                rebuild.add(batch);
                count += batch.size();
            }
            rebuild.commit();
        }
        reconcile();
        return count;
    }

    /** Indexes a published item; a draft leaves the index (nobody retrieves drafts). */
    private void indexOrRemove(FaqItem item) {
        if (item.published()) {
            index(item);
        } else {
            index.delete(item.id());
        }
    }

    private void index(FaqItem item) {
        index.upsert(document(item));
    }

    private FaqDocument document(FaqItem item) {
        answerVectors.of(item);
        List<String> phrasings = item.phrasings();
        List<float[]> vectors = phrasings.stream().map(phrasingVectors::of).toList();
        return new FaqDocument(item.storeId(), item.id(), phrasings, vectors, item.answer(), item.updatedAt());
    }

    private static String ids(FaqChanged change) {
        List<UUID> all = new ArrayList<>(change.upserted());
        all.addAll(change.deleted());
        return all.stream().map(UUID::toString).collect(Collectors.joining(","));
    }

    /** The durable job. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        OneTimeTask<String> indexFaqTask(Provider<FaqIndexer> indexer) {
            return Tasks.oneTime(TASK, String.class)
                    .onFailure(JobScheduler.retryForever(Duration.ofSeconds(1), Duration.ofMinutes(1)))
                    .execute((instance, context) -> indexer.get().sync(Arrays.stream(instance.getData().split(","))
                            .filter(s -> !s.isBlank()).map(UUID::fromString).toList()));
        }
    }
}
