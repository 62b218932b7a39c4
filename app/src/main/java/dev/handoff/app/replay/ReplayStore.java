package dev.handoff.app.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code faq_replays} table. Call inside a transaction. */
@Singleton
class ReplayStore {

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    ReplayStore(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A stored replay with what the API does not show. @param storeId tenant @param kbVersion fingerprint of the knowledge base it started from @param flagged flagged changes */
    record Row(Replay replay, UUID storeId, String kbVersion, int flagged) {
    }

    void insert(UUID id, UUID storeId, @Nullable UUID agentId, Instant from, Instant to, ReplayRequest proposal, String kbVersion, Instant now) {
        jdbc.prepareStatement("""
                INSERT INTO faq_replays (id, store_id, created_by, period_from, period_to, proposal, kb_version, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)""", s -> {
            s.setObject(1, id);
            s.setObject(2, storeId);
            s.setObject(3, agentId);
            s.setTimestamp(4, Timestamp.from(from));
            s.setTimestamp(5, Timestamp.from(to));
            s.setString(6, write(proposal));
            s.setString(7, kbVersion);
            s.setTimestamp(8, Timestamp.from(now));
            return s.executeUpdate();
        });
    }

    /** @return the replay, locked for update when {@code lock} */
    Optional<Row> find(UUID id, boolean lock) {
        return jdbc.prepareStatement("SELECT * FROM faq_replays WHERE id = ?" + (lock ? " FOR UPDATE" : ""), s -> {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        });
    }

    void progress(UUID id, double progress, int messages) {
        jdbc.prepareStatement("UPDATE faq_replays SET progress = ?, messages = ? WHERE id = ? AND status = 'running'", s -> {
            s.setDouble(1, progress);
            s.setInt(2, messages);
            s.setObject(3, id);
            return s.executeUpdate();
        });
    }

    void done(UUID id, int messages, Replay.Summary summary, List<Replay.Change> changes, Instant now) {
        jdbc.prepareStatement("""
                UPDATE faq_replays SET status = 'done', progress = 1, messages = ?, summary = ?, changes = ?, flagged = ?, finished_at = ?
                WHERE id = ?""", s -> {
            s.setInt(1, messages);
            s.setString(2, write(summary));
            s.setString(3, write(changes));
            s.setInt(4, summary.flagged());
            s.setTimestamp(5, Timestamp.from(now));
            s.setObject(6, id);
            return s.executeUpdate();
        });
    }

    void failed(UUID id, String error, Instant now) {
        jdbc.prepareStatement("UPDATE faq_replays SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", s -> {
            s.setString(1, error.length() > 1000 ? error.substring(0, 1000) : error);
            s.setTimestamp(2, Timestamp.from(now));
            s.setObject(3, id);
            return s.executeUpdate();
        });
    }

    void published(UUID id, @Nullable UUID agentId, Instant now) {
        jdbc.prepareStatement("UPDATE faq_replays SET published_at = ?, published_by = ? WHERE id = ?", s -> {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, agentId);
            s.setObject(3, id);
            return s.executeUpdate();
        });
    }

    private Row row(ResultSet r) throws SQLException {
        String summary = r.getString("summary");
        String changes = r.getString("changes");
        Timestamp finished = r.getTimestamp("finished_at");
        Timestamp published = r.getTimestamp("published_at");
        Replay replay = new Replay(r.getObject("id", UUID.class), r.getString("status"), r.getDouble("progress"), r.getInt("messages"),
                r.getTimestamp("period_from").toInstant(), r.getTimestamp("period_to").toInstant(),
                read(r.getString("proposal"), Argument.of(ReplayRequest.class)),
                summary == null ? null : read(summary, Argument.of(Replay.Summary.class)),
                changes == null ? null : read(changes, Argument.listOf(Replay.Change.class)), r.getString("error"),
                r.getTimestamp("created_at").toInstant(), finished == null ? null : finished.toInstant(),
                published == null ? null : published.toInstant());
        return new Row(replay, r.getObject("store_id", UUID.class), r.getString("kb_version"), r.getInt("flagged"));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
