package dev.handoff.app.search;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A rebuild of an Elasticsearch index: documents go to a new versioned index while writes reach both
 * ({@link ElasticsearchIndices#building}); commit swaps the alias, close without commit deletes the
 * new index.
 *
 * @param <D> the document type
 */
final class ElasticsearchRebuild<D> implements IndexRebuild<D> {

    private final ElasticsearchIndices indices;
    private final String kind;
    private final String index;
    private final Function<List<D>, Map<String, Map<String, Object>>> documents;
    private boolean committed;

    /**
     * @param documents the index's own mapping of documents to Elasticsearch sources by id
     * @throws IllegalStateException when a rebuild of {@code kind} is already running
     */
    ElasticsearchRebuild(ElasticsearchIndices indices, String kind, Function<List<D>, Map<String, Map<String, Object>>> documents) {
        this.indices = indices;
        this.kind = kind;
        this.documents = documents;
        this.index = indices.startRebuild(kind);
    }

    @Override
    public void add(List<D> batch) {
        indices.bulkIndex(index, documents.apply(batch));
    }

    @Override
    public void commit() {
        indices.swap(kind, index);
        committed = true;
        indices.endRebuild(kind);
    }

    @Override
    public void close() {
        if (!committed) {
            indices.endRebuild(kind);
            indices.delete(index);
        }
    }
}
