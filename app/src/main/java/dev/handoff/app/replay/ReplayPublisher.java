package dev.handoff.app.replay;

import dev.handoff.app.assistant.faq.FaqGateSettings;
import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Publishes exactly the change a replay ran, in one transaction: deletions, edits, additions (categories
 * created by name). Refused with 409 when the replay is not done, was already
 * published, or the knowledge base changed since it started (its fingerprint differs: replay again);
 * with 428 when the replay flagged previously right answers that it turns into silence or another item
 * and {@code confirm} is not true; with 422 when it tried answer thresholds other than the server's
 * ({@link FaqGateSettings}: those are server configuration, {@code HANDOFF_ASSISTANT_FAQ_*}) or another
 * assistant switch (a store admin's setting).
 */
@Singleton
public class ReplayPublisher {

    private final ReplayStore store;
    private final KnowledgeService knowledge;
    private final SettingsService settings;
    private final FaqGateSettings gate;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    ReplayPublisher(ReplayStore store, KnowledgeService knowledge, SettingsService settings, FaqGateSettings gate,
                    TransactionOperations<Connection> transactions, Clock clock) {
        this.store = store;
        this.knowledge = knowledge;
        this.settings = settings;
        this.gate = gate;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @param created new item ids @param updated edited item ids @param deleted deleted item ids */
    @Serdeable
    public record Published(UUID replayId, List<UUID> created, List<UUID> updated, List<UUID> deleted) {
    }

    /** Publishes the replay's change (see the class comment for refusals). */
    public Published publish(UUID storeId, UUID replayId, @Nullable UUID agentId, boolean confirm) {
        return transactions.executeWrite(status -> {
            ReplayStore.Row row = store.find(replayId, true).filter(r -> r.storeId().equals(storeId))
                    .orElseThrow(() -> Problems.notFound("Replay"));
            Replay r = row.replay();
            if (!"done".equals(r.status())) {
                throw Problems.conflict("The replay is " + r.status() + "; publish it once it is done");
            }
            if (r.publishedAt() != null) {
                throw Problems.conflict("This replay's change was already published at " + r.publishedAt());
            }
            List<FaqItem> items = knowledge.items(storeId);
            if (!ProposedFaq.version(items, knowledge.categories(storeId)).equals(row.kbVersion())) {
                throw Problems.conflict("The knowledge base changed since this replay started; replay the change again before publishing");
            }
            ReplayRequest.Settings s = r.proposal().settings();
            if (s != null && !s.gate(gate.gate()).equals(gate.gate())) {
                throw Problems.unprocessable("Answer thresholds are server configuration: set HANDOFF_ASSISTANT_FAQ_ANSWER_SCORE, "
                        + "HANDOFF_ASSISTANT_FAQ_MARGIN, HANDOFF_ASSISTANT_FAQ_CLARIFY_SCORE and HANDOFF_ASSISTANT_FAQ_CLARIFY_BAND and "
                        + "restart; replay without them to publish the FAQ change");
            }
            if (s != null && s.assistantEnabled() != null && s.assistantEnabled() != settings.of(storeId).aiEnabled()) {
                throw Problems.unprocessable("Switch the assistant on or off in Settings (store admins); replay without it to publish the FAQ change");
            }
            if (row.flagged() > 0 && !confirm) {
                throw new HttpStatusException(HttpStatus.PRECONDITION_REQUIRED, "This change turns " + row.flagged()
                        + " previously right answer(s) into silence or another item; publish with {\"confirm\": true} to go ahead");
            }
            ReplayRequest.FaqChanges faq = r.proposal().faq();
            List<UUID> deleted = faq.delete() == null ? List.of() : faq.delete();
            deleted.forEach(id -> knowledge.delete(storeId, id));
            List<UUID> updated = new ArrayList<>();
            for (ReplayRequest.EditedItem e : faq.edit() == null ? List.<ReplayRequest.EditedItem>of() : faq.edit()) {
                FaqItem old = knowledge.storedItem(storeId, e.id());
                UUID category = e.category() == null ? old.categoryId() : e.category().isBlank() ? null : knowledge.category(storeId, e.category()).id();
                knowledge.update(storeId, e.id(), new KnowledgeService.FaqItemInput(category, Objects.requireNonNullElse(e.question(), old.question()),
                        e.alternateQuestions() == null ? old.alternates() : e.alternateQuestions(), Objects.requireNonNullElse(e.answer(), old.answer())));
                updated.add(e.id());
            }
            List<UUID> created = new ArrayList<>();
            for (ReplayRequest.NewItem n : faq.add() == null ? List.<ReplayRequest.NewItem>of() : faq.add()) {
                UUID category = n.category() == null || n.category().isBlank() ? null : knowledge.category(storeId, n.category()).id();
                created.add(knowledge.create(storeId, new KnowledgeService.FaqItemInput(category, n.question(), n.alternateQuestions(), n.answer())).id());
            }
            store.published(replayId, agentId, clock.instant());
            return new Published(replayId, created, updated, deleted);
        });
    }
}
