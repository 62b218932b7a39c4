package dev.handoff.app.search;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;

/** The search index contract on the embedded Lucene index. */
class EmbeddedSearchIndexTest extends SearchIndexContract {

    private static LuceneFaqIndex faq;
    private static LuceneConversationIndex conversations;

    @BeforeAll
    static void open() throws IOException {
        String dir = Files.createTempDirectory("handoff-lucene").toString();
        faq = new LuceneFaqIndex(dir, ANALYSIS);
        conversations = new LuceneConversationIndex(dir, EMBEDDINGS, ANALYSIS);
    }

    @AfterAll
    static void close() throws IOException {
        faq.close();
        conversations.close();
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
        try {
            conversations.refresh();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
