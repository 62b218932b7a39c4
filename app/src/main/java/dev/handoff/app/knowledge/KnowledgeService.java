package dev.handoff.app.knowledge;

import dev.handoff.app.assistant.faq.FaqView;
import dev.handoff.app.cluster.SharedCaches;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.search.FaqHit;
import dev.handoff.app.search.FaqIndex;
import dev.handoff.app.search.SearchMode;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The store's knowledge base (FAQ categories and items) and retrieval over it. Every change is
 * indexed by {@link FaqIndexer} once committed, before the call returns.
 */
@Singleton
public class KnowledgeService {

    static final int MAX_QUESTION = 1_000;
    static final int MAX_ANSWER = 10_000;
    static final int MAX_ALTERNATES = 200;
    /** FAQ items cached per node at most (each up to about 10 KB of answer and 200 alternates). */
    static final int MAX_CACHED_ITEMS = 5_000;

    private final FaqRepositories.Categories categories;
    private final FaqRepositories.Items items;
    private final FaqIndex index;
    private final EmbeddingService embeddings;
    private final ApplicationEventPublisher<FaqChanged> events;
    private final Clock clock;
    private final AnswerVectors answerVectors;
    private final StoreHubness hubness;
    /** Items by id: every shopper message the assistant reads looks up its candidate items. */
    private final SharedCaches.Cache<FaqItem> cached;

    KnowledgeService(FaqRepositories.Categories categories, FaqRepositories.Items items, FaqIndex index,
                     EmbeddingService embeddings, ApplicationEventPublisher<FaqChanged> events, Clock clock,
                     AnswerVectors answerVectors, StoreHubness hubness, SharedCaches caches) {
        this.answerVectors = answerVectors;
        this.hubness = hubness;
        this.cached = caches.cache("faq-item", MAX_CACHED_ITEMS);
        this.categories = categories;
        this.items = items;
        this.index = index;
        this.embeddings = embeddings;
        this.events = events;
        this.clock = clock;
    }

    /** @return the store's categories by name */
    public List<FaqCategory> categories(UUID storeId) {
        return categories.findByStoreIdOrderByName(storeId);
    }

    /** Creates a category, or returns the existing one with that name. */
    @Transactional
    public FaqCategory category(UUID storeId, String name) {
        String clean = requireText(name, "Category name", 200);
        return categories.findByStoreIdAndName(storeId, clean)
                .orElseGet(() -> categories.save(new FaqCategory(UUID.randomUUID(), storeId, clean, clock.instant())));
    }

    /** Renames a category; 404 when it is not the store's. */
    @Transactional
    public FaqCategory renameCategory(UUID storeId, UUID categoryId, String name) {
        FaqCategory c = categories.findByIdAndStoreId(categoryId, storeId).orElseThrow(() -> Problems.notFound("Category"));
        return categories.update(new FaqCategory(c.id(), storeId, requireText(name, "Category name", 200), c.createdAt()));
    }

    /** Deletes a category; its items stay, uncategorised. */
    @Transactional
    public void deleteCategory(UUID storeId, UUID categoryId) {
        FaqCategory category = categories.findByIdAndStoreId(categoryId, storeId).orElseThrow(() -> Problems.notFound("Category"));
        items.findByStoreIdOrderByCreatedAt(storeId).stream().filter(i -> categoryId.equals(i.categoryId()))
                .forEach(i -> cached.invalidate(i.id())); // the database sets their category to null
        categories.delete(category);
    }

    /** @return the store's items, oldest first */
    public List<FaqItem> items(UUID storeId) {
        return items.findByStoreIdOrderByCreatedAt(storeId);
    }

    /** @return the store's item (this node's cached copy, current within the cluster's notification time); 404 problem otherwise */
    public FaqItem item(UUID storeId, UUID itemId) {
        return Optional.ofNullable(cached.get(itemId, id -> items.findById(id).orElse(null)))
                .filter(i -> i.storeId().equals(storeId)).orElseThrow(() -> Problems.notFound("FAQ item"));
    }

    /** @return the store's item as stored, for a change written back over it (never a cached copy); 404 problem otherwise */
    public FaqItem storedItem(UUID storeId, UUID itemId) {
        return items.findByIdAndStoreId(itemId, storeId).orElseThrow(() -> Problems.notFound("FAQ item"));
    }

    /** @return the items with these ids (any store; callers filter) keyed by id */
    public Map<UUID, FaqItem> itemsById(List<UUID> ids) {
        return ids.isEmpty() ? Map.of() : cached.getAll(ids,
                missing -> items.findByIdIn(missing).stream().collect(Collectors.toMap(FaqItem::id, Function.identity())));
    }

    /** Every change of items names them in a {@link FaqChanged} in its transaction: the cached copies go, on every node. */
    @EventListener
    void onFaqChanged(FaqChanged change) {
        change.upserted().forEach(cached::invalidate);
        change.deleted().forEach(cached::invalidate);
    }

    /**
     * Creates an item.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for empty or oversized text, 404 for a foreign category
     */
    @Transactional
    public FaqItem create(UUID storeId, FaqItemInput in) {
        Instant now = clock.instant();
        UUID categoryId = categoryOf(storeId, in.categoryId());
        FaqItem item = items.save(new FaqItem(UUID.randomUUID(), storeId, categoryId,
                requireText(in.question(), "Question", MAX_QUESTION), alternates(in.alternateQuestions()),
                requireText(in.answer(), "Answer", MAX_ANSWER), in.published() == null || in.published(),
                items.nextPosition(storeId, categoryId), now, now));
        events.publishEvent(new FaqChanged(storeId, List.of(item.id()), List.of()));
        return item;
    }

    /**
     * Replaces an item's category, question, alternates and answer, and its published state when given. An item
     * moved to another category goes to the end of it.
     */
    @Transactional
    public FaqItem update(UUID storeId, UUID itemId, FaqItemInput in) {
        FaqItem old = storedItem(storeId, itemId);
        UUID categoryId = categoryOf(storeId, in.categoryId());
        int position = java.util.Objects.equals(categoryId, old.categoryId()) ? old.position() : items.nextPosition(storeId, categoryId);
        FaqItem item = items.update(new FaqItem(old.id(), storeId, categoryId,
                requireText(in.question(), "Question", MAX_QUESTION), alternates(in.alternateQuestions()),
                requireText(in.answer(), "Answer", MAX_ANSWER), in.published() == null ? old.published() : in.published(),
                position, old.createdAt(), clock.instant()));
        events.publishEvent(new FaqChanged(storeId, List.of(item.id()), List.of()));
        return item;
    }

    /**
     * Orders the items of one category ({@code null}: the uncategorised items) as listed.
     *
     * @param itemIds every item of that category, each once, in the new order
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 when the list is not exactly the category's items
     */
    @Transactional
    public List<FaqItem> reorder(UUID storeId, @Nullable UUID categoryId, List<UUID> itemIds) {
        UUID category = categoryOf(storeId, categoryId);
        List<FaqItem> inCategory = items.findByStoreIdOrderByCreatedAt(storeId).stream()
                .filter(i -> java.util.Objects.equals(i.categoryId(), category)).toList();
        java.util.Set<UUID> expected = inCategory.stream().map(FaqItem::id).collect(Collectors.toSet());
        if (itemIds == null || itemIds.size() != expected.size() || !expected.equals(new java.util.HashSet<>(itemIds))) {
            throw Problems.badRequest("itemIds must list each of the category's " + expected.size() + " items exactly once");
        }
        for (int i = 0; i < itemIds.size(); i++) {
            items.updatePosition(itemIds.get(i), storeId, i);
            cached.invalidate(itemIds.get(i));
        }
        return inOrder(storeId, category);
    }

    private List<FaqItem> inOrder(UUID storeId, @Nullable UUID categoryId) {
        return items.findByStoreIdOrderByCreatedAt(storeId).stream().filter(i -> java.util.Objects.equals(i.categoryId(), categoryId))
                .sorted(java.util.Comparator.comparingInt(FaqItem::position)).toList();
    }

    /** @return the store's published items by position within their category, then age (the help center's order) */
    public List<FaqItem> publishedItems(UUID storeId) {
        return items.findByStoreIdAndPublishedTrueOrderByPositionAndCreatedAt(storeId);
    }

    /**
     * Adds a phrasing to an item's alternate phrasings (a shopper's question the item answers); it is
     * searchable when the call returns. A phrasing the item already has (same words, any case) changes nothing.
     *
     * @param storeId  the store
     * @param itemId   its item
     * @param phrasing 1..1,000 characters
     * @return the item as it is now
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for an empty or oversized phrasing or an
     *         item that already has {@value #MAX_ALTERNATES} alternates, 404 for an item of another store
     */
    @Transactional
    public FaqItem addPhrasing(UUID storeId, UUID itemId, String phrasing) {
        FaqItem old = storedItem(storeId, itemId);
        String clean = requireText(phrasing == null ? null : phrasing.replace('\n', ' '), "Phrasing", MAX_QUESTION);
        if (old.phrasings().stream().anyMatch(p -> p.equalsIgnoreCase(clean))) {
            return old;
        }
        List<String> alternates = new ArrayList<>(old.alternates());
        alternates.add(clean);
        if (alternates.size() > MAX_ALTERNATES) {
            throw Problems.badRequest("The item already has " + MAX_ALTERNATES + " alternate phrasings; remove one first");
        }
        FaqItem item = items.update(new FaqItem(old.id(), storeId, old.categoryId(), old.question(), String.join("\n", alternates),
                old.answer(), old.published(), old.position(), old.createdAt(), clock.instant()));
        events.publishEvent(new FaqChanged(storeId, List.of(item.id()), List.of()));
        return item;
    }

    /**
     * @param storeId the store
     * @return the store's FAQ as the assistant's decision reads it (its search index; answers' vectors cached)
     */
    public FaqView view(UUID storeId) {
        return new IndexFaqView(this, answerVectors, hubness, storeId);
    }

    /** Deletes an item. */
    @Transactional
    public void delete(UUID storeId, UUID itemId) {
        items.delete(storedItem(storeId, itemId));
        events.publishEvent(new FaqChanged(storeId, List.of(), List.of(itemId)));
    }

    /**
     * Bulk import in one transaction, all or nothing (the demo store's seed, benchmarks). Categories are created
     * by name; an item whose question already exists in the store is updated instead of duplicated, so importing
     * the same file twice changes nothing. The admin API imports through {@link FaqImports} instead: a
     * background job, in batches, with progress.
     *
     * @param rows {@code [{"category","question","answer","alternateQuestions"?}]}
     * @return counts
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 naming the first invalid row (nothing stored)
     */
    @Transactional
    public ImportResult importItems(UUID storeId, List<ImportRow> rows) {
        if (rows == null || rows.isEmpty()) {
            throw Problems.badRequest("Import body must be a non-empty JSON array of {category, question, answer}");
        }
        for (int i = 0; i < rows.size(); i++) {
            String problem = rowProblem(rows.get(i));
            if (problem != null) {
                throw Problems.badRequest("Row " + (i + 1) + ": " + problem);
            }
        }
        ImportBatch batch = importRows(storeId, rows, 1);
        return new ImportResult(batch.created(), batch.updated(), batch.unchanged());
    }

    /**
     * @return why this import row cannot be imported (a sentence: a missing question or answer, a text over its
     *         limit, too many alternate questions), or {@code null} when it can
     */
    static @Nullable String rowProblem(@Nullable ImportRow r) {
        if (r == null) {
            return "not an object with question and answer";
        }
        try {
            requireText(r.question(), "Question", MAX_QUESTION);
            requireText(r.answer(), "Answer", MAX_ANSWER);
            alternates(r.alternateQuestions());
            if (r.category() != null && !r.category().isBlank()) {
                requireText(r.category(), "Category name", 200);
            }
            return null;
        } catch (io.micronaut.http.exceptions.HttpStatusException e) {
            return e.getMessage();
        }
    }

    /**
     * Imports rows in the caller's transaction (or a new one): valid rows are created or update the item with the
     * same question (see {@link #importItems}); invalid rows ({@link #rowProblem}) are skipped and reported. The
     * changed items are indexed once the transaction commits.
     *
     * @param firstRow the 1-based number of {@code rows.get(0)} in the whole import, for the errors
     * @return counts and the skipped rows
     */
    @Transactional
    public ImportBatch importRows(UUID storeId, List<ImportRow> rows, int firstRow) {
        Map<String, UUID> categoryIds = new HashMap<>();
        Map<String, FaqItem> byQuestion = new HashMap<>();
        List<String> questions = rows.stream().filter(r -> r != null && r.question() != null).map(r -> r.question().strip()).distinct().toList();
        if (!questions.isEmpty()) {
            items.findByStoreIdAndQuestionIn(storeId, questions).forEach(it -> byQuestion.put(it.question(), it));
        }
        List<UUID> changed = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        Instant now = clock.instant();
        for (int i = 0; i < rows.size(); i++) {
            ImportRow r = rows.get(i);
            String problem = rowProblem(r);
            if (problem != null) {
                errors.add(new RowError(firstRow + i, problem));
                continue;
            }
            UUID categoryId = r.category() == null || r.category().isBlank() ? null
                    : categoryIds.computeIfAbsent(r.category().strip(), name -> category(storeId, name).id());
            String question = r.question().strip();
            String answer = r.answer().strip();
            String alts = alternates(r.alternateQuestions());
            FaqItem existing = byQuestion.get(question);
            if (existing == null) {
                Instant at = now.plusNanos(1_000L * i); // a microsecond apart: the list shows the file's order
                FaqItem item = items.save(new FaqItem(UUID.randomUUID(), storeId, categoryId, question, alts, answer, true,
                        items.nextPosition(storeId, categoryId), at, at));
                byQuestion.put(question, item);
                changed.add(item.id());
                created++;
            } else if (!existing.answer().equals(answer) || !existing.alternateQuestions().equals(alts)
                    || !java.util.Objects.equals(existing.categoryId(), categoryId)) {
                int position = java.util.Objects.equals(existing.categoryId(), categoryId) ? existing.position() : items.nextPosition(storeId, categoryId);
                FaqItem item = items.update(new FaqItem(existing.id(), storeId, categoryId, question, alts, answer, existing.published(), position,
                        existing.createdAt(), now));
                byQuestion.put(question, item);
                changed.add(existing.id());
                updated++;
            } else {
                unchanged++;
            }
        }
        if (!changed.isEmpty()) {
            events.publishEvent(new FaqChanged(storeId, changed, List.of()));
        }
        return new ImportBatch(created, updated, unchanged, errors);
    }

    /**
     * The index's ranked hits for a query without reading the items, for a caller that holds the store's
     * published items already (the help center's cached site maps them itself and drops what it lacks).
     *
     * @param vector the query's embedding ({@link EmbeddingService#embed})
     * @param limit  at most this many hits, unpublished items included
     */
    public List<FaqHit> hits(UUID storeId, String query, float[] vector, int limit, SearchMode mode) {
        return index.search(storeId, query, vector, limit, mode);
    }

    /**
     * Hybrid retrieval over the store's published FAQ items (drafts are not indexed).
     *
     * @param vector the query's embedding, or {@code null} to compute it
     * @return matches, best first, at most {@code limit}
     */
    public List<FaqMatch> retrieve(UUID storeId, String query, @Nullable float[] vector, int limit, SearchMode mode) {
        float[] v = vector != null ? vector : embeddings.embed(query);
        List<FaqHit> hits = hits(storeId, query, v, limit, mode);
        Map<UUID, FaqItem> found = itemsById(hits.stream().map(FaqHit::itemId).toList());
        List<FaqMatch> out = new ArrayList<>();
        for (FaqHit h : hits) {
            Optional.ofNullable(found.get(h.itemId())).filter(i -> i.storeId().equals(storeId) && i.published())
                    .ifPresent(i -> out.add(new FaqMatch(i, h)));
        }
        return out;
    }

    private UUID categoryOf(UUID storeId, @Nullable UUID categoryId) {
        if (categoryId == null) {
            return null;
        }
        return categories.findByIdAndStoreId(categoryId, storeId).orElseThrow(() -> Problems.notFound("Category")).id();
    }

    private static String alternates(@Nullable List<String> alternates) {
        if (alternates == null) {
            return "";
        }
        if (alternates.size() > MAX_ALTERNATES) {
            throw Problems.badRequest("At most " + MAX_ALTERNATES + " alternate questions");
        }
        return alternates.stream().filter(a -> a != null && !a.isBlank())
                .map(a -> requireText(a.replace('\n', ' '), "Alternate question", MAX_QUESTION))
                .distinct().collect(Collectors.joining("\n"));
    }

    private static String requireText(String text, String what, int max) {
        if (text == null || text.isBlank()) {
            throw Problems.badRequest(what + " is required");
        }
        String clean = text.strip();
        if (clean.length() > max) {
            throw Problems.badRequest(what + " is " + clean.length() + " characters; the limit is " + max);
        }
        return clean;
    }

    /**
     * Input of create and update.
     *
     * @param categoryId         category, or {@code null}
     * @param question           1..1,000 characters
     * @param alternateQuestions other phrasings (optional, at most 200)
     * @param answer             1..10,000 characters
     * @param published          {@code false} saves a draft; {@code null}: published on create, unchanged on update
     */
    @Serdeable
    public record FaqItemInput(@Nullable UUID categoryId, String question, @Nullable List<String> alternateQuestions,
                               String answer, @Nullable Boolean published) {

        /** An input that leaves the published state as it is (published on create). */
        public FaqItemInput(@Nullable UUID categoryId, String question, @Nullable List<String> alternateQuestions, String answer) {
            this(categoryId, question, alternateQuestions, answer, null);
        }
    }

    /**
     * One row of a bulk import.
     *
     * @param category           category name (created when missing), or {@code null}
     * @param question           the question
     * @param answer             the answer
     * @param alternateQuestions other phrasings (optional)
     */
    @Serdeable
    public record ImportRow(@Nullable String category, String question, String answer, @Nullable List<String> alternateQuestions) {
    }

    /** @param created new items @param updated changed items @param unchanged rows that matched an identical item */
    @Serdeable
    public record ImportResult(int created, int updated, int unchanged) {
    }

    /**
     * What a batch of import rows did.
     *
     * @param created   new items
     * @param updated   changed items
     * @param unchanged rows that matched an identical item
     * @param errors    the rows skipped, and why
     */
    public record ImportBatch(int created, int updated, int unchanged, List<RowError> errors) {
    }

    /** @param row the row's 1-based number in the import @param detail why it was skipped, a sentence */
    @Serdeable
    public record RowError(int row, String detail) {
    }

    /** @param item the FAQ item @param hit how the search found it */
    public record FaqMatch(FaqItem item, FaqHit hit) {
    }
}
