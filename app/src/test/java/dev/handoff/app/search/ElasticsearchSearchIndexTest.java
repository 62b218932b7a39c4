package dev.handoff.app.search;

import dev.handoff.app.support.ElasticsearchNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.time.Duration;

/** The search index contract on a real Elasticsearch node. */
class ElasticsearchSearchIndexTest extends SearchIndexContract {

    private static ElasticsearchIndices indices;
    private static ElasticsearchFaqIndex faq;
    private static ElasticsearchConversationIndex conversations;

    @BeforeAll
    static void open() {
        indices = new ElasticsearchIndices(ElasticsearchNode.url(), "", "", "", "contract", Duration.ofSeconds(2), Duration.ofSeconds(30));
        faq = new ElasticsearchFaqIndex(indices, ANALYSIS);
        conversations = new ElasticsearchConversationIndex(indices, ANALYSIS, EMBEDDINGS);
    }

    @AfterAll
    static void close() throws IOException {
        indices.close();
    }

    @Override
    FaqIndex faq() {
        return faq;
    }

    @Override
    ConversationIndex conversations() {
        return conversations;
    }

    @Override
    void refresh() {
        indices.call("refresh", () -> indices.client().indices().refresh(r -> r.index(indices.alias(ElasticsearchConversationIndex.KIND))));
    }
}
