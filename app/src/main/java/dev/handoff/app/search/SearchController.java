package dev.handoff.app.search;

import dev.handoff.app.conversation.InboxQueries;
import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;
import dev.handoff.app.conversation.ConversationSummary;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Merchant search over a store's conversations. */
@io.micronaut.validation.Validated
@Controller("/api/stores/{storeId}/search")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class SearchController {

    private static final Set<String> CHANNELS = Set.of("widget", "gmail", "outlook", "imap");
    private static final Set<String> STATUSES = Set.of("pending", "resolved", "escalated", "cancelled");
    private static final Set<String> SENTIMENTS = Set.of("positive", "neutral", "negative");

    private final StoreService stores;
    private final ConversationSearch search;
    private final InboxQueries inbox;

    SearchController(StoreService stores, ConversationSearch search, InboxQueries inbox) {
        this.stores = stores;
        this.search = search;
        this.inbox = inbox;
    }

    /**
     * Searches conversations: {@code q} (words, names, emails, {@code #order}, ticket numbers; the last
     * word as a prefix while typing), filters {@code channel}, {@code status}, {@code sentiment},
     * {@code from}/{@code to} (ISO-8601, on last activity), {@code hasTicket}, {@code hasPendingDraft};
     * {@code mode=keyword|vector|hybrid} (default hybrid); {@code sort=relevance|date}; {@code limit}
     * 1..100 (default 20), {@code offset} 0..1000.
     */
    @Get
    Results search(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                   @QueryValue @Nullable String q, @QueryValue @Nullable String channel, @QueryValue @Nullable String status,
                   @QueryValue @Nullable String sentiment, @QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to,
                   @QueryValue @Nullable Boolean hasTicket, @QueryValue @Nullable Boolean hasPendingDraft,
                   @QueryValue(defaultValue = "hybrid") SearchMode mode,
                   @QueryValue(defaultValue = "relevance") String sort, @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
                   @QueryValue(defaultValue = "0") @Min(0) @Max(1000) int offset) {
        stores.requireAccess(agent, storeId);
        check("channel", channel, CHANNELS);
        check("status", status, STATUSES);
        check("sentiment", sentiment, SENTIMENTS);
        check("sort", sort, Set.of("relevance", "date"));
        if (q != null && q.length() > 500) {
            throw Problems.badRequest("q is longer than 500 characters");
        }
        ConversationSearch.Answer answer = search.search(new ConversationQuery(storeId, q, channel, status, sentiment, from, to,
                hasTicket, hasPendingDraft, mode, sort.equals("date") || q == null || q.isBlank(), limit, offset));
        ConversationIndex.Page page = answer.page();
        Map<UUID, ConversationSummary> rows = inbox.summaries(storeId,
                page.hits().stream().map(ConversationHit::conversationId).toList());
        List<Result> results = page.hits().stream().filter(h -> rows.containsKey(h.conversationId()))
                .map(h -> new Result(rows.get(h.conversationId()), h.snippet(), h.score())).toList();
        return new Results(page.total(), results, answer.backend());
    }

    private static void check(String name, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw Problems.badRequest(name + " must be one of " + allowed);
        }
    }

    /**
     * @param total   matching conversations
     * @param results this page
     * @param backend what answered: {@code lucene}, {@code elasticsearch}, or {@code postgresql} (keyword
     *                fallback while Elasticsearch is unavailable)
     */
    @Serdeable
    record Results(long total, List<Result> results, String backend) {
    }

    /**
     * @param conversation the conversation row
     * @param snippet      best passage, HTML-escaped, matches in {@code <mark>}
     * @param score        fused relevance score
     */
    @Serdeable
    record Result(ConversationSummary conversation, String snippet, double score) {
    }
}
