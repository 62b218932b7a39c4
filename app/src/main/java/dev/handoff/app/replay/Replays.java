package dev.handoff.app.replay;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Starts replays and reads them. A replay is a row ({@code faq_replays}) and a durable job
 * ({@link ReplayRunner}) written in one transaction, so an accepted replay runs even across a restart.
 */
@Singleton
public class Replays {

    /** The longest period a replay may cover. */
    static final Duration MAX_PERIOD = Duration.ofDays(92);

    private final ReplayStore store;
    private final KnowledgeService knowledge;
    private final JobScheduler jobs;
    private final OneTimeTask<String> task;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    Replays(ReplayStore store, KnowledgeService knowledge, JobScheduler jobs, @Named(ReplayRunner.TASK) OneTimeTask<String> task,
            TransactionOperations<Connection> transactions, Clock clock) {
        this.store = store;
        this.knowledge = knowledge;
        this.jobs = jobs;
        this.task = task;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Checks the proposal and starts its replay.
     *
     * @return the replay id
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for a bad period, item, text or threshold
     */
    public UUID start(UUID storeId, @Nullable UUID agentId, ReplayRequest request) {
        if (request == null) {
            throw Problems.badRequest("A JSON body {from, to, faq, settings} is required");
        }
        Instant now = clock.instant();
        Instant to = request.to() == null ? now : request.to();
        Instant from = request.from() == null ? to.minus(Duration.ofDays(30)) : request.from();
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw Problems.badRequest("from must be before to, at most " + MAX_PERIOD.toDays() + " days apart");
        }
        ReplayRequest.Settings s = request.settings();
        if (s != null) {
            threshold(s.faqAnswerScore(), "settings.faqAnswerScore");
            threshold(s.faqMargin(), "settings.faqMargin");
            threshold(s.faqClarifyScore(), "settings.faqClarifyScore");
            threshold(s.faqClarifyBand(), "settings.faqClarifyBand");
        }
        ReplayRequest normal = new ReplayRequest(from, to, request.faq() == null ? new ReplayRequest.FaqChanges(null, null, null) : request.faq(), s);
        UUID id = UUID.randomUUID();
        transactions.executeWrite(status -> {
            var items = knowledge.items(storeId);
            ProposedFaq.validate(normal.faq(), items);
            store.insert(id, storeId, agentId, from, to, normal, ProposedFaq.version(items, knowledge.categories(storeId)), now);
            jobs.enqueueAt(task, id.toString(), id.toString(), now);
            return null;
        });
        return id;
    }

    /** @return the store's replay; 404 otherwise */
    public Replay get(UUID storeId, UUID id) {
        return transactions.executeRead(status -> store.find(id, false)).filter(r -> r.storeId().equals(storeId))
                .orElseThrow(() -> Problems.notFound("Replay")).replay();
    }

    private static void threshold(@Nullable Double value, String field) {
        if (value != null && (value.isNaN() || value < -1 || value > 1)) {
            throw Problems.badRequest(field + " must be a score in [-1, 1] (the FAQ decision's scores are cosine similarities)");
        }
    }
}
