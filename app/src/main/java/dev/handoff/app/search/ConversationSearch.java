package dev.handoff.app.search;

import dev.handoff.app.conversation.ConversationService;
import dev.handoff.app.conversation.Message;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Answers merchant searches from the {@link ConversationIndex}; while a remote backend is unavailable,
 * from PostgreSQL full-text search instead ({@link ConversationService#textSearch}: every word in one
 * message, newest first, no vector ranking, no sentiment or ticket filters), counted and logged by
 * {@link SearchFallbacks}.
 */
@Singleton
public class ConversationSearch {

    private final ConversationIndex index;
    private final ConversationService conversations;
    private final SearchAnalysis analysis;
    private final SearchFallbacks fallbacks;
    private final String backend;

    ConversationSearch(ConversationIndex index, ConversationService conversations, SearchAnalysis analysis, SearchFallbacks fallbacks,
                       @Value("${handoff.search.backend:lucene}") String backend) {
        this.index = index;
        this.conversations = conversations;
        this.analysis = analysis;
        this.fallbacks = fallbacks;
        this.backend = backend;
    }

    /** @return one page of hits and which backend answered ({@code lucene}, {@code elasticsearch} or {@code postgresql}) */
    public Answer search(ConversationQuery q) {
        try {
            ConversationIndex.Page page = index.search(q);
            fallbacks.reached("conversations");
            return new Answer(page, backend);
        } catch (SearchUnavailableException e) {
            fallbacks.fellBack("conversations", "postgresql", e);
            return new Answer(fallback(q), "postgresql");
        }
    }

    private ConversationIndex.Page fallback(ConversationQuery q) {
        if (q.text() == null || q.text().isBlank()) {
            return new ConversationIndex.Page(0, List.of());
        }
        SearchAnalysis.QueryTerms terms = analysis.query(q.text());
        List<ConversationHit> hits = conversations.textSearch(q.storeId(), q.text(), q.channel(), q.status(), q.from(), q.to(),
                q.limit(), q.offset()).stream().map(id -> {
                    String text = conversations.recentMessages(id, ConversationIndexer.MAX_MESSAGES).stream()
                            .map(Message::bodyText).collect(Collectors.joining("\n"));
                    return new ConversationHit(id, 0, analysis.snippet(text, terms));
                }).toList();
        return new ConversationIndex.Page(q.offset() + hits.size(), hits);
    }

    /** @param page the hits @param backend which backend answered */
    public record Answer(ConversationIndex.Page page, String backend) {
    }
}
