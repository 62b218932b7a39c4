package dev.handoff.app.search;

import java.util.List;

/**
 * A full rebuild of a search index from the database, for a changed mapping or analyser or a
 * damaged index. Searches keep being answered from the index as it was until {@link #commit()};
 * writes made meanwhile through the index's own {@code upsert}/{@code delete} reach both generations.
 * On Elasticsearch the rebuild is a new versioned index ({@code <alias>-v<n>}) whose alias is swapped
 * atomically at commit; on the embedded index it is the same Lucene index with its reader held back.
 *
 * @param <D> the document type
 */
public interface IndexRebuild<D> extends AutoCloseable {

    /** Adds documents to the new generation. */
    void add(List<D> documents);

    /** Makes the new generation the one searched, and drops the old one. */
    void commit();

    /** Abandons the rebuild unless it was committed (Elasticsearch deletes the new index; Lucene keeps what it has). */
    @Override
    void close();
}
