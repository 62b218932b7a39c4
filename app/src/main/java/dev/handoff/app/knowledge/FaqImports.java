package dev.handoff.app.knowledge;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.platform.Problems;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * FAQ imports from the admin API as durable background jobs with progress (table {@code faq_imports}, task
 * {@value #TASK} on db-scheduler). {@link #start} checks the caps (bytes, rows) and the JSON, stores the rows and
 * schedules the job in one transaction, and answers at once. The job imports {@code handoff.faq.import.batch-size}
 * rows (100) a transaction with {@link KnowledgeService#importRows}; each batch commits its items with the
 * import's progress, so a job interrupted by a shutdown (it stops between batches and is due again at once) or a
 * crash (db-scheduler revives it once its heartbeats stop) resumes after the last committed batch and applies no
 * row twice. Invalid rows are skipped and listed with their row number. A batch that keeps failing (five
 * attempts, backing off) ends the import as {@code failed}, saying which rows were imported; an import found
 * running without its job at start-up is ended the same way. One import runs at a time per store.
 */
@Singleton
public class FaqImports implements ApplicationEventListener<StartupEvent> {

    static final String TASK = "faq-import";
    /** Attempts of one batch before the import is ended as failed. */
    static final int MAX_ATTEMPTS = 5;
    /** Row errors kept per import (the count goes on). */
    static final int MAX_ERRORS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(FaqImports.class);

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final JobScheduler jobs;
    private final Task<String> task;
    private final KnowledgeService knowledge;
    private final JsonMapper json;
    private final Clock clock;
    private final int maxRows;
    private final long maxBytes;
    private final int batchSize;

    FaqImports(JdbcOperations jdbc, TransactionOperations<Connection> transactions, JobScheduler jobs, @Named(TASK) Task<String> task,
               KnowledgeService knowledge, JsonMapper json, Clock clock,
               @Value("${handoff.faq.import.max-rows:5000}") int maxRows,
               @Value("${handoff.faq.import.max-bytes:8MB}") @io.micronaut.core.convert.format.ReadableBytes long maxBytes,
               @Value("${handoff.faq.import.batch-size:100}") int batchSize) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.jobs = jobs;
        this.task = task;
        this.knowledge = knowledge;
        this.json = json;
        this.clock = clock;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.batchSize = Math.max(1, batchSize);
    }

    /**
     * Starts an import of {@code body}, a JSON array of {@code {"category","question","answer","alternateQuestions"?}}
     * (see {@link KnowledgeService#importItems} for what a row does).
     *
     * @param agentId who started it, or {@code null}
     * @return the import, {@code running} with nothing processed yet
     * @throws io.micronaut.http.exceptions.HttpStatusException 413 over {@code handoff.faq.import.max-bytes} (8 MB),
     *         400 when the body is not a non-empty JSON array of objects, 422 over {@code handoff.faq.import.max-rows}
     *         (5,000) rows, 409 while another import of the store runs
     */
    public ImportView start(UUID storeId, @Nullable UUID agentId, byte[] body) {
        if (body.length > maxBytes) {
            throw Problems.tooLarge("The import is " + body.length + " bytes; at most " + maxBytes
                    + " bytes are accepted at once (split the file, or raise HANDOFF_FAQ_IMPORT_MAX_BYTES)");
        }
        List<KnowledgeService.ImportRow> rows;
        try {
            rows = json.readValue(body, Argument.listOf(KnowledgeService.ImportRow.class));
        } catch (IOException | RuntimeException e) {
            throw Problems.badRequest("Import body must be a JSON array of {category, question, answer, alternateQuestions}");
        }
        if (rows == null || rows.isEmpty()) {
            throw Problems.badRequest("Import body must be a non-empty JSON array of {category, question, answer}");
        }
        if (rows.size() > maxRows) {
            throw Problems.unprocessable("The import has " + rows.size() + " rows; at most " + maxRows
                    + " are accepted at once (split the file, or raise HANDOFF_FAQ_IMPORT_MAX_ROWS)");
        }
        String payload;
        try {
            payload = json.writeValueAsString(rows);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        transactions.executeWrite(status -> {
            // serialise starts per store: the second sees the first's running row and answers 409
            jdbc.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", s -> {
                s.setString(1, TASK + "/" + storeId);
                return s.execute();
            });
            Optional<UUID> running = jdbc.prepareStatement("SELECT id FROM faq_imports WHERE store_id = ? AND status = 'running'", s -> {
                s.setObject(1, storeId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            });
            if (running.isPresent()) {
                throw Problems.conflict("Another import of this knowledge base is running (" + running.get()
                        + "); start this one when it is done");
            }
            jdbc.prepareStatement("""
                    INSERT INTO faq_imports (id, store_id, started_by, status, total, payload, created_at, updated_at)
                    VALUES (?, ?, ?, 'running', ?, CAST(? AS jsonb), ?, ?)""", s -> {
                s.setObject(1, id);
                s.setObject(2, storeId);
                s.setObject(3, agentId);
                s.setInt(4, rows.size());
                s.setString(5, payload);
                s.setTimestamp(6, Timestamp.from(now));
                s.setTimestamp(7, Timestamp.from(now));
                return s.executeUpdate();
            });
            jobs.enqueueAt(task, id.toString(), storeId.toString(), now);
            return null;
        });
        jobs.wake();
        return find(storeId, id).orElseThrow();
    }

    /** @return the store's import; 404 problem otherwise */
    public ImportView get(UUID storeId, UUID importId) {
        return find(storeId, importId).orElseThrow(() -> Problems.notFound("Import"));
    }

    /** @return the store's last ten imports, newest first */
    public List<ImportView> recent(UUID storeId) {
        return transactions.executeRead(status -> jdbc.prepareStatement(SELECT + " WHERE store_id = ? ORDER BY created_at DESC LIMIT 10", s -> {
            s.setObject(1, storeId);
            List<ImportView> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(view(rs));
                }
            }
            return out;
        }));
    }

    private static final String SELECT = """
            SELECT id, status, total, processed, created, updated, unchanged, failed, errors::text, failure, created_at, updated_at,
                   finished_at FROM faq_imports""";

    private Optional<ImportView> find(UUID storeId, UUID importId) {
        return transactions.executeRead(status -> jdbc.prepareStatement(SELECT + " WHERE id = ? AND store_id = ?", s -> {
            s.setObject(1, importId);
            s.setObject(2, storeId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.<ImportView>empty();
            }
        }));
    }

    private ImportView view(ResultSet rs) throws SQLException {
        List<KnowledgeService.RowError> errors;
        try {
            errors = json.readValue(rs.getString(9), Argument.listOf(KnowledgeService.RowError.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Timestamp finished = rs.getTimestamp(13);
        return new ImportView(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                rs.getInt(7), rs.getInt(8), errors, rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    /**
     * The job: imports the rows after {@code processed}, a batch a transaction, until all are done or the
     * scheduler shuts down (then it is due again at once, on this node's next start or another node).
     */
    CompletionHandler<String> run(UUID importId, ExecutionContext context) {
        Work work = transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT store_id, processed, payload::text FROM faq_imports WHERE id = ? AND status = 'running'", s -> {
                    s.setObject(1, importId);
                    try (ResultSet rs = s.executeQuery()) {
                        return rs.next() ? new Work(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3)) : null;
                    }
                }));
        if (work == null || work.payload() == null) {
            return new CompletionHandler.OnCompleteRemove<>(); // ended (done, failed) or gone with its store
        }
        List<KnowledgeService.ImportRow> rows;
        try {
            rows = json.readValue(work.payload(), Argument.listOf(KnowledgeService.ImportRow.class));
        } catch (IOException e) {
            fail(importId, "its stored rows could not be read (" + e.getMessage() + ")");
            return new CompletionHandler.OnCompleteRemove<>();
        }
        int processed = work.processed();
        while (processed < rows.size()) {
            if (context.getSchedulerState().isShuttingDown()) {
                LOG.info("FAQ import {} paused at row {} of {} for the shutdown; it resumes on the next start", importId, processed, rows.size());
                return (complete, operations) -> operations.reschedule(complete, Instant.now());
            }
            int from = processed;
            List<KnowledgeService.ImportRow> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
            processed = transactions.executeWrite(status -> importBatch(importId, work.storeId(), from, batch));
        }
        transactions.executeWrite(status -> jdbc.prepareStatement("""
                UPDATE faq_imports SET status = 'done', payload = NULL, updated_at = ?, finished_at = ?
                WHERE id = ? AND status = 'running'""", s -> {
            Timestamp now = Timestamp.from(clock.instant());
            s.setTimestamp(1, now);
            s.setTimestamp(2, now);
            s.setObject(3, importId);
            return s.executeUpdate();
        }));
        return new CompletionHandler.OnCompleteRemove<>();
    }

    /** One batch, in the caller's transaction: its items with the import's progress. @return rows processed after it */
    private int importBatch(UUID importId, UUID storeId, int from, List<KnowledgeService.ImportRow> batch) {
        int processed = jdbc.prepareStatement("SELECT processed FROM faq_imports WHERE id = ? FOR UPDATE", s -> {
            s.setObject(1, importId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
        if (processed != from) {
            throw new IllegalStateException("FAQ import " + importId + " is at row " + processed + ", not " + from + " (run twice?)");
        }
        KnowledgeService.ImportBatch done = knowledge.importRows(storeId, batch, from + 1);
        String errors;
        try {
            errors = json.writeValueAsString(done.errors());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        jdbc.prepareStatement("""
                UPDATE faq_imports SET processed = processed + ?, created = created + ?, updated = updated + ?,
                  unchanged = unchanged + ?, failed = failed + ?, updated_at = ?,
                  errors = CASE WHEN jsonb_array_length(errors) >= ? THEN errors
                                ELSE (SELECT coalesce(jsonb_agg(e), '[]') FROM (SELECT e FROM jsonb_array_elements(errors || CAST(? AS jsonb)) e LIMIT ?) kept) END
                WHERE id = ?""", s -> {
            s.setInt(1, batch.size());
            s.setInt(2, done.created());
            s.setInt(3, done.updated());
            s.setInt(4, done.unchanged());
            s.setInt(5, done.errors().size());
            s.setTimestamp(6, Timestamp.from(clock.instant()));
            s.setInt(7, MAX_ERRORS);
            s.setString(8, errors);
            s.setInt(9, MAX_ERRORS);
            s.setObject(10, importId);
            return s.executeUpdate();
        });
        return from + batch.size();
    }

    /** Ends a running import as failed, saying which rows were imported and why it stopped. */
    void fail(UUID importId, String why) {
        transactions.executeWrite(status -> jdbc.prepareStatement("""
                UPDATE faq_imports SET status = 'failed', payload = NULL, updated_at = ?, finished_at = ?,
                  failure = 'Stopped after ' || processed || ' of ' || total || ' rows: ' || ? || '. Rows 1 to ' || processed
                    || ' were imported, the rest were not; importing the same file again finishes it (rows already imported stay as they are).'
                WHERE id = ? AND status = 'running'""", s -> {
            Timestamp now = Timestamp.from(clock.instant());
            s.setTimestamp(1, now);
            s.setTimestamp(2, now);
            s.setString(3, why);
            s.setObject(4, importId);
            return s.executeUpdate();
        }));
    }

    /** At start-up: an import still running without its job (lost with a database restored from backup, say) ends as failed. */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        List<UUID> orphans = transactions.executeRead(status -> jdbc.prepareStatement("""
                SELECT id FROM faq_imports i WHERE status = 'running'
                AND NOT EXISTS (SELECT 1 FROM scheduled_tasks t WHERE t.task_name = ? AND t.task_instance = i.id::text)""", s -> {
            s.setString(1, TASK);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }));
        orphans.forEach(id -> fail(id, "its job was lost"));
    }

    private record Work(UUID storeId, int processed, @Nullable String payload) {
    }

    /**
     * An import as the API shows it.
     *
     * @param id         the import
     * @param status     {@code running}, {@code done} or {@code failed}
     * @param total      rows in the file
     * @param processed  rows handled so far (imported or skipped)
     * @param created    new items
     * @param updated    items changed
     * @param unchanged  rows that matched an identical item
     * @param failed     rows skipped as invalid
     * @param errors     the skipped rows (1-based row number and why; the first 1,000)
     * @param failure    for a failed import: why it stopped and which rows were imported
     * @param createdAt  when it was started (UTC)
     * @param updatedAt  its last progress (UTC)
     * @param finishedAt when it ended, or {@code null}
     */
    @Serdeable
    public record ImportView(UUID id, String status, int total, int processed, int created, int updated, int unchanged, int failed,
                             List<KnowledgeService.RowError> errors, @Nullable String failure, Instant createdAt, Instant updatedAt,
                             @Nullable Instant finishedAt) {
    }

    /** The durable job: retried with back-off, ended as failed after {@value #MAX_ATTEMPTS} attempts in a row. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        Task<String> faqImportTask(Provider<FaqImports> imports) {
            FailureHandler<String> retry = JobScheduler.retryForever(Duration.ofSeconds(1), Duration.ofSeconds(30));
            return Tasks.custom(TASK, String.class)
                    .onFailure((complete, operations) -> {
                        if (complete.getExecution().consecutiveFailures + 1 >= MAX_ATTEMPTS) {
                            UUID id = UUID.fromString(complete.getExecution().taskInstance.getId());
                            LOG.error("FAQ import {} failed {} times in a row and ends as failed", id, MAX_ATTEMPTS,
                                    complete.getCause().orElse(null));
                            imports.get().fail(id, "the server failed " + MAX_ATTEMPTS + " times in a row to import the next rows (its log says why)");
                            operations.remove();
                        } else {
                            retry.onFailure(complete, operations);
                        }
                    })
                    .execute((instance, context) -> imports.get().run(UUID.fromString(instance.getId()), context));
        }
    }
}
