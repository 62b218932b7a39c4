package dev.handoff.app.platform;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After a key rotation, seals every stored secret ({@link SealedSecrets}) again under the current key, at
 * start-up: a value sealed under a previous key ({@code HANDOFF_SECRET_KEYS_PREVIOUS}) or in the older
 * {@code v1:} format is opened and sealed anew; a value already under the current key is left as it is, so the
 * step is idempotent and costs one read of each sealed column when there is nothing to do. Each value is
 * replaced only if it did not change meanwhile (a reconnect on another node wins). Once the log says no value
 * is left under another key, the previous keys can be dropped. A value no configured key opens is left as it is
 * and counted (its store must reconnect).
 */
@Singleton
public class SecretResealing implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(SecretResealing.class);

    private final List<SealedSecrets> features;
    private final SecretBox box;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    SecretResealing(List<SealedSecrets> features, SecretBox box, JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.features = features;
        this.box = box;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        try {
            Result r = resealAll();
            if (r.resealed() > 0 || r.unreadable() > 0) {
                LOG.info("Secrets: {} sealed again under key {}, {} already under it, {} that no configured key opens{}", r.resealed(),
                        box.currentKeyId(), r.current(), r.unreadable(),
                        r.unreadable() == 0 ? "; HANDOFF_SECRET_KEYS_PREVIOUS is no longer needed" : " (their stores must reconnect)");
            }
        } catch (RuntimeException e) {
            LOG.warn("Re-sealing stored secrets failed; values sealed under previous keys still open with them: {}", e.toString());
        }
    }

    /**
     * Seals every stored secret not under the current key again under it.
     *
     * @return how many values were sealed again, were already current, and could not be opened
     */
    public Result resealAll() {
        int resealed = 0;
        int current = 0;
        int unreadable = 0;
        for (SealedSecrets feature : features) {
            for (SealedSecrets.Column c : feature.sealedColumns()) {
                List<Map.Entry<String, String>> values = transactions.executeRead(status -> jdbc.prepareStatement(
                        "SELECT " + c.key() + "::text, " + c.column() + " FROM " + c.table(), s -> {
                            List<Map.Entry<String, String>> out = new ArrayList<>();
                            try (ResultSet rs = s.executeQuery()) {
                                while (rs.next()) {
                                    out.add(Map.entry(rs.getString(1), rs.getString(2)));
                                }
                            }
                            return out;
                        }));
                for (Map.Entry<String, String> v : values) {
                    if (box.isCurrent(v.getValue())) {
                        current++;
                        continue;
                    }
                    String again;
                    try {
                        again = box.seal(box.open(v.getValue()));
                    } catch (IllegalStateException e) {
                        LOG.warn("{}.{} of {} {}: {}", c.table(), c.column(), c.key(), v.getKey(), e.getMessage());
                        unreadable++;
                        continue;
                    }
                    int changed = transactions.executeWrite(status -> jdbc.prepareStatement(
                            "UPDATE " + c.table() + " SET " + c.column() + " = ? WHERE " + c.key() + " = CAST(? AS uuid) AND " + c.column() + " = ?",
                            s -> {
                                s.setString(1, again);
                                s.setString(2, v.getKey());
                                s.setString(3, v.getValue());
                                return s.executeUpdate();
                            }));
                    resealed += changed;
                }
            }
        }
        return new Result(resealed, current, unreadable);
    }

    /** @param resealed values sealed again @param current values already under the current key @param unreadable values no key opens */
    public record Result(int resealed, int current, int unreadable) {
    }
}
