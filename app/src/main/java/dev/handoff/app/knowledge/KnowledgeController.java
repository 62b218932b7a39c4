package dev.handoff.app.knowledge;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.search.SearchMode;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The knowledge base over the admin API: categories, items, bulk import and a retrieval preview. */
@io.micronaut.validation.Validated
@Controller("/api/stores/{storeId}/faq")
@Access(AccessLevel.STORE_AGENT)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class KnowledgeController {

    private final StoreService stores;
    private final KnowledgeService knowledge;
    private final FaqImports imports;
    private final PhrasingSuggestions suggestions;

    KnowledgeController(StoreService stores, KnowledgeService knowledge, FaqImports imports, PhrasingSuggestions suggestions) {
        this.stores = stores;
        this.knowledge = knowledge;
        this.imports = imports;
        this.suggestions = suggestions;
    }

    /** Lists categories. */
    @Get("/categories")
    List<CategoryView> categories(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return knowledge.categories(storeId).stream().map(CategoryView::of).toList();
    }

    /** Creates a category (or returns the one with that name). */
    @Post("/categories")
    @Status(HttpStatus.CREATED)
    CategoryView createCategory(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, @Body CategoryInput body) {
        stores.requireAccess(agent, storeId);
        return CategoryView.of(knowledge.category(storeId, body.name()));
    }

    /** Renames a category. */
    @Put("/categories/{categoryId}")
    CategoryView renameCategory(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID categoryId,
                                @Body CategoryInput body) {
        stores.requireAccess(agent, storeId);
        return CategoryView.of(knowledge.renameCategory(storeId, categoryId, body.name()));
    }

    /** Deletes a category; its items become uncategorised. */
    @Delete("/categories/{categoryId}")
    @Status(HttpStatus.NO_CONTENT)
    void deleteCategory(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID categoryId) {
        stores.requireAccess(agent, storeId);
        knowledge.deleteCategory(storeId, categoryId);
    }

    /** Lists items, oldest first. */
    @Get("/items")
    List<ItemView> items(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return knowledge.items(storeId).stream().map(ItemView::of).toList();
    }

    /** Reads one item. */
    @Get("/items/{itemId}")
    ItemView item(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID itemId) {
        stores.requireAccess(agent, storeId);
        return ItemView.of(knowledge.item(storeId, itemId));
    }

    /** Creates an item; searchable when this returns. */
    @Post("/items")
    @Status(HttpStatus.CREATED)
    ItemView create(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                    @Body KnowledgeService.FaqItemInput body) {
        stores.requireAccess(agent, storeId);
        return ItemView.of(knowledge.create(storeId, body));
    }

    /** Replaces an item; re-embedded and searchable when this returns. */
    @Put("/items/{itemId}")
    ItemView update(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID itemId,
                    @Body KnowledgeService.FaqItemInput body) {
        stores.requireAccess(agent, storeId);
        return ItemView.of(knowledge.update(storeId, itemId, body));
    }

    /**
     * Adds a phrasing to an item ({@code {"text": "can I swap the size after ordering?"}}), e.g. a shopper's
     * question the assistant could not answer; answerable when this returns. 400 for an empty or too long
     * text, 404 for an unknown item.
     */
    @Post("/items/{itemId}/phrasings")
    ItemView addPhrasing(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID itemId,
                         @Body PhrasingInput body) {
        stores.requireAccess(agent, storeId);
        return ItemView.of(knowledge.addPhrasing(storeId, itemId, body.text()));
    }

    /** @param text a question the item answers, 1..1,000 characters */
    @Serdeable
    record PhrasingInput(@Nullable String text) {
    }

    /**
     * Phrasings shoppers suggested by choosing an item after "Did you mean …?", still waiting for a shopper on
     * another network or for the merchant; newest first, at most 100.
     */
    @Get("/suggested-phrasings")
    List<PhrasingSuggestions.Suggestion> suggestedPhrasings(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return suggestions.list(storeId);
    }

    /**
     * Accepts a suggested phrasing: it becomes a phrasing of its item, answerable when this returns. 404 for an
     * unknown suggestion, 400 when the item has no room for another phrasing.
     */
    @Post("/suggested-phrasings/{suggestionId}/accept")
    ItemView acceptPhrasing(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID suggestionId) {
        stores.requireAccess(agent, storeId);
        return ItemView.of(suggestions.accept(storeId, suggestionId));
    }

    /** Dismisses a suggested phrasing; 404 for an unknown one. */
    @Delete("/suggested-phrasings/{suggestionId}")
    @Status(HttpStatus.NO_CONTENT)
    void dismissPhrasing(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID suggestionId) {
        stores.requireAccess(agent, storeId);
        suggestions.dismiss(storeId, suggestionId);
    }

    /** Deletes an item. */
    @Delete("/items/{itemId}")
    @Status(HttpStatus.NO_CONTENT)
    void delete(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID itemId) {
        stores.requireAccess(agent, storeId);
        knowledge.delete(storeId, itemId);
    }

    /** Orders one category's items ({@code categoryId} null: the uncategorised ones); the list names each item once. */
    @Put("/order")
    List<ItemView> reorder(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, @Body OrderInput body) {
        stores.requireAccess(agent, storeId);
        return knowledge.reorder(storeId, body.categoryId(), body.itemIds()).stream().map(ItemView::of).toList();
    }

    /**
     * Starts a bulk import of {@code [{"category","question","answer","alternateQuestions"?}]} as a background job:
     * 202 with the import ({@code status: running}) and its address in {@code Location}; follow it with
     * {@code GET …/faq/imports/{importId}}. 413 over 8 MB, 422 over 5,000 rows, 400 for anything but a non-empty
     * JSON array, 409 while another import of the store runs (all problem+json).
     */
    @Post(value = "/import", consumes = {io.micronaut.http.MediaType.APPLICATION_JSON, io.micronaut.http.MediaType.TEXT_PLAIN})
    HttpResponse<FaqImports.ImportView> importItems(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                                                    @Body byte[] body) {
        stores.requireAccess(agent, storeId);
        FaqImports.ImportView started = imports.start(storeId, agent.id(), body);
        return HttpResponse.accepted(java.net.URI.create("/api/stores/" + storeId + "/faq/imports/" + started.id())).body(started);
    }

    /** An import's progress: {@code running|done|failed}, rows processed of the total, counts and the rows skipped. */
    @Get("/imports/{importId}")
    FaqImports.ImportView importStatus(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId, UUID importId) {
        stores.requireAccess(agent, storeId);
        return imports.get(storeId, importId);
    }

    /** The store's last ten imports, newest first. */
    @Get("/imports")
    List<FaqImports.ImportView> recentImports(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) {
        stores.requireAccess(agent, storeId);
        return imports.recent(storeId);
    }

    /** Retrieval preview: what the assistant would find for {@code q} ({@code mode} keyword|vector|hybrid). */
    @Get("/search")
    List<SearchResult> search(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId,
                              @QueryValue String q, @QueryValue(defaultValue = "hybrid") SearchMode mode,
                              @QueryValue(defaultValue = "5") @Min(1) @Max(50) int limit) {
        stores.requireAccess(agent, storeId);
        return knowledge.retrieve(storeId, q, null, limit, mode).stream()
                .map(m -> new SearchResult(ItemView.of(m.item()), m.hit().fusedScore(), m.hit().similarity())).toList();
    }

    /** @param categoryId the category, or null for uncategorised items @param itemIds its items in the new order */
    @Serdeable
    record OrderInput(@Nullable UUID categoryId, List<UUID> itemIds) {
    }

    /** @param name category name */
    @Serdeable
    record CategoryInput(String name) {
    }

    /** @param id category id @param name name */
    @Serdeable
    record CategoryView(UUID id, String name) {
        static CategoryView of(FaqCategory c) {
            return new CategoryView(c.id(), c.name());
        }
    }

    /**
     * @param id                 item id
     * @param categoryId         category or null
     * @param question           question
     * @param alternateQuestions other phrasings
     * @param answer             answer
     * @param published          false for a draft (hidden from shoppers and the assistant)
     * @param position           order within the category (ascending)
     * @param updatedAt          last edit (UTC)
     */
    @Serdeable
    record ItemView(UUID id, @Nullable UUID categoryId, String question, List<String> alternateQuestions, String answer,
                    boolean published, int position, Instant updatedAt) {
        static ItemView of(FaqItem i) {
            return new ItemView(i.id(), i.categoryId(), i.question(), i.alternates(), i.answer(), i.published(), i.position(),
                    i.updatedAt());
        }
    }

    /** @param item the item @param score fused RRF score @param similarity best cosine similarity */
    @Serdeable
    record SearchResult(ItemView item, double score, double similarity) {
    }
}
