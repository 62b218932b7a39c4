package dev.handoff.app.search;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.handoff.app.conversation.Message;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the stored vectors (a customer message's {@code messages.embedding}, a help-center search's
 * {@code help_events.embedding}) in the configured embedding model's space. Vectors of two models cannot be
 * compared, and clusters, the replay's FAQ decisions and conversation search read the stored ones; so when
 * the model changes ({@code HANDOFF_EMBEDDINGS_MODEL}, or an upgrade whose default changed), a start records
 * the move in {@code embedding_space} and a durable recurring job re-embeds every stored vector from its text,
 * 200 rows a transaction along a keyset cursor (a crash resumes after the last batch committed; one node at a
 * time, as db-scheduler runs a recurring job), then rebuilds the search indexes and records the new model. Until
 * it finishes, clusters and replays mix old and new vectors. A fresh database records the configured model.
 * With a remote embedding endpoint ({@code OPENAI_EMBEDDING_MODEL}) the space is {@code remote:<model name>}.
 */
@Singleton
public class StoredEmbeddings implements ApplicationEventListener<ServerStartupEvent> {

    static final String TASK = "re-embed-stored";
    /** Rows re-embedded per transaction. */
    static final int BATCH = 200;
    /** A run stops starting batches after this long, leaving the rest to the next run. */
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(StoredEmbeddings.class);

    private final EmbeddingService embeddings;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final Provider<SearchReindexer> reindexer;
    private final String space;

    StoredEmbeddings(EmbeddingService embeddings, JdbcOperations jdbc, TransactionOperations<Connection> transactions,
                     Provider<SearchReindexer> reindexer,
                     @io.micronaut.context.annotation.Value("${openai.embedding-model:}") String remoteModel) {
        this.embeddings = embeddings;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.reindexer = reindexer;
        this.space = embeddings.remote() ? "remote:" + remoteModel : embeddings.modelName();
    }

    /** @return the name of the space this node embeds in: the in-process model's name, or {@code remote:<model>} */
    public String space() {
        return space;
    }

    /** At start: records the space of a fresh database, or the move to this node's space. */
    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        Optional<String> moving = begin();
        moving.ifPresentOrElse(from -> LOG.warn("Stored vectors were embedded with {}; re-embedding them with {} in the background"
                + " (clusters and replays mix the two until it is done)", from, space), () -> LOG.info("Embedding model: {}", space));
    }

    /**
     * Records this node's space: inserted when the table is empty; when another model wrote the stored vectors (or a
     * move to another model was begun), marks the move to this one (the recurring job does it).
     *
     * @return the model the stored vectors came from when a move starts or is under way, else empty
     */
    public Optional<String> begin() {
        return transactions.executeWrite(status -> jdbc.execute(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO embedding_space (model) VALUES (?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, space);
                insert.executeUpdate();
            }
            String model;
            String target;
            try (PreparedStatement p = c.prepareStatement("SELECT model, reembedding_to FROM embedding_space FOR UPDATE");
                 ResultSet r = p.executeQuery()) {
                r.next();
                model = r.getString(1);
                target = r.getString(2);
            }
            if (model.equals(space) && target == null) {
                return Optional.<String>empty();
            }
            if (!space.equals(target)) {
                // a move here starts from the first row, also when a move elsewhere was begun and left part of the rows
                // in that other space (a node back on the stored model re-embeds them all with it)
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE embedding_space SET reembedding_to = ?, cursor_table = 'messages', after_id = NULL")) {
                    p.setString(1, space);
                    p.executeUpdate();
                }
            }
            return Optional.of(model);
        }));
    }

    /**
     * Re-embeds stored vectors for up to {@code budget}, when a move to this node's space is under way.
     *
     * @return rows re-embedded
     */
    public int step(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int done = 0;
        while (System.nanoTime() < deadline) {
            Cursor cursor = transactions.executeRead(status -> jdbc.execute(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT reembedding_to, cursor_table, after_id FROM embedding_space");
                     ResultSet r = p.executeQuery()) {
                    return r.next() && space.equals(r.getString(1)) ? new Cursor(r.getString(2), r.getString(3)) : null;
                }
            }));
            if (cursor == null) {
                return done;
            }
            List<Row> rows = read(cursor);
            if (rows.isEmpty()) {
                if (cursor.table().equals("messages")) {
                    move(cursor, new Cursor("help_events", null), List.of());
                    continue;
                }
                reindexer.get().reindexAll();
                transactions.executeWrite(status -> jdbc.execute(c -> {
                    try (PreparedStatement p = c.prepareStatement("UPDATE embedding_space SET model = ?, reembedding_to = NULL,"
                            + " cursor_table = NULL, after_id = NULL WHERE reembedding_to = ?")) {
                        p.setString(1, space);
                        p.setString(2, space);
                        return p.executeUpdate();
                    }
                }));
                LOG.info("Stored vectors are now in {}", space);
                return done;
            }
            List<Row> embedded = new ArrayList<>(rows.size());
            for (Row row : rows) {
                embedded.add(new Row(row.id(), row.text(), embeddings.embed(row.text())));
            }
            if (!move(cursor, new Cursor(cursor.table(), rows.get(rows.size() - 1).id()), embedded)) {
                return done; // another run moved the cursor meanwhile
            }
            done += rows.size();
        }
        return done;
    }

    private List<Row> read(Cursor cursor) {
        String sql = cursor.table().equals("messages")
                ? "SELECT id::text, body_text FROM messages WHERE embedding IS NOT NULL" + (cursor.afterId() == null ? "" : " AND id > ?::uuid")
                        + " ORDER BY id LIMIT " + BATCH
                : "SELECT id::text, query FROM help_events WHERE embedding IS NOT NULL" + (cursor.afterId() == null ? "" : " AND id > ?::bigint")
                        + " ORDER BY id LIMIT " + BATCH;
        return transactions.executeRead(status -> jdbc.execute(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                if (cursor.afterId() != null) {
                    p.setString(1, cursor.afterId());
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Row(r.getString(1), r.getString(2) == null ? "" : r.getString(2), null));
                    }
                }
            }
            return out;
        }));
    }

    /** Stores the batch's vectors and advances the cursor in one transaction, if no one moved it since {@code from}. */
    private boolean move(Cursor from, Cursor to, List<Row> rows) {
        return transactions.executeWrite(status -> jdbc.execute(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE embedding_space SET cursor_table = ?, after_id = ?"
                    + " WHERE reembedding_to = ? AND cursor_table = ? AND after_id IS NOT DISTINCT FROM ?")) {
                p.setString(1, to.table());
                p.setString(2, to.afterId());
                p.setString(3, space);
                p.setString(4, from.table());
                p.setString(5, from.afterId());
                if (p.executeUpdate() != 1) {
                    status.setRollbackOnly();
                    return false;
                }
            }
            String sql = from.table().equals("messages")
                    ? "UPDATE messages SET embedding = ? WHERE id = ?::uuid AND embedding IS NOT NULL"
                    : "UPDATE help_events SET embedding = ? WHERE id = ?::bigint AND embedding IS NOT NULL";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (Row row : rows) {
                    p.setBytes(1, Message.bytes(row.vector()));
                    p.setString(2, row.id());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return true;
        }));
    }

    private record Cursor(String table, String afterId) {
    }

    private record Row(String id, String text, float[] vector) {
    }

    /** The recurring job: every few seconds, one node re-embeds while a move is under way (a cheap read otherwise). */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        RecurringTask<Void> reEmbedTask(Provider<StoredEmbeddings> stored) {
            return Tasks.recurring(TASK, FixedDelay.ofSeconds(5)).execute((instance, context) -> stored.get().step(RUN));
        }
    }
}
