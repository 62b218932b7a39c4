package dev.handoff.app.search;

import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.SearcherManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A rebuild of an embedded Lucene index in place: every document is deleted and re-added through the
 * same writer while {@code rebuilding} holds back reader refreshes and commits, so searches keep
 * seeing the last refreshed reader and a crash leaves the last commit; finishing commits and refreshes.
 *
 * @param <D> the document type
 */
final class LuceneRebuild<D> implements IndexRebuild<D> {

    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean rebuilding;
    private final Consumer<D> upsert;
    private boolean done;

    private LuceneRebuild(IndexWriter writer, SearcherManager searchers, AtomicBoolean rebuilding, Consumer<D> upsert) {
        this.writer = writer;
        this.searchers = searchers;
        this.rebuilding = rebuilding;
        this.upsert = upsert;
    }

    /**
     * @param rebuilding the index's flag, set for the rebuild's duration
     * @param upsert     the index's own write of one document
     * @throws IllegalStateException when a rebuild is already running
     */
    static <D> LuceneRebuild<D> start(String name, IndexWriter writer, SearcherManager searchers, AtomicBoolean rebuilding,
                                      Consumer<D> upsert) {
        if (!rebuilding.compareAndSet(false, true)) {
            throw new IllegalStateException("A rebuild of the " + name + " index is already running");
        }
        try {
            writer.deleteAll();
        } catch (IOException e) {
            rebuilding.set(false);
            throw new UncheckedIOException(e);
        }
        return new LuceneRebuild<>(writer, searchers, rebuilding, upsert);
    }

    /**
     * Closes an index's readers and writer (the writer commits what it holds). Whatever fails, the writer
     * ends closed, rolled back if it must be, so its directory lock is released for the next start.
     *
     * @throws IOException the first failure, after everything was released
     */
    static void closeAll(IndexWriter writer, SearcherManager searchers) throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                writer.rollback();
                throw e;
            }
        }
    }

    @Override
    public void add(List<D> documents) {
        documents.forEach(upsert);
    }

    @Override
    public void commit() {
        close();
    }

    /** Finishes the rebuild; an abandoned one keeps what it has (there is no old generation to go back to). */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        rebuilding.set(false);
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
