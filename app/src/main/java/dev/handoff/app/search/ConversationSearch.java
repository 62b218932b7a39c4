package dev.handoff.app.search;

import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.InboxQueries;
import dev.handoff.app.conversation.Message;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Answers merchant searches from the {@link ConversationIndex}; while a remote backend is unavailable,
 * from PostgreSQL full-text search instead ({@link InboxQueries#textSearch}: every word in one
 * message, or the customer's email address; newest first, no vector ranking, no sentiment or ticket filters), counted and logged by
 * {@link SearchFallbacks}.
 */
@Singleton
public class ConversationSearch {

    private final ConversationIndex index;
    private final ConversationLookup lookup;
    private final InboxQueries inbox;
    private final SearchAnalysis analysis;
    private final SearchFallbacks fallbacks;
    private final String backend;

    ConversationSearch(ConversationIndex index, ConversationLookup lookup, InboxQueries inbox, SearchAnalysis analysis,
                       SearchFallbacks fallbacks,
                       @Value("${handoff.search.backend:lucene}") String backend) {
        this.index = index;
        this.lookup = lookup;
        this.inbox = inbox;
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
        List<ConversationHit> hits = inbox.textSearch(q.storeId(), q.text(), q.channel(), q.status(), q.from(), q.to(),
                q.limit(), q.offset()).stream().map(id -> {
                    String text = lookup.recentMessages(id, ConversationIndexer.MAX_MESSAGES).stream()
                            .map(Message::bodyText).collect(Collectors.joining("\n"));
                    return new ConversationHit(id, 0, analysis.snippet(text, terms));
                }).toList();
        return new ConversationIndex.Page(q.offset() + hits.size(), hits);
    }

    /** @param page the hits @param backend which backend answered */
    public record Answer(ConversationIndex.Page page, String backend) {
    }
}
