package dev.handoff.app.platform;

import java.util.List;

/**
 * A feature's stored secrets: the columns holding values {@link SecretBox#seal} made, so that
 * {@link SecretResealing} can seal them again under the current key after a rotation. Each feature declares
 * its own columns; the re-sealing itself is one generic step.
 */
public interface SealedSecrets {

    /** @return the feature's sealed columns */
    List<Column> sealedColumns();

    /**
     * A column of sealed values.
     *
     * @param table  the table
     * @param key    its primary key column (a {@code uuid})
     * @param column the column holding sealed values ({@code text}, never null)
     */
    record Column(String table, String key, String column) {
    }
}
