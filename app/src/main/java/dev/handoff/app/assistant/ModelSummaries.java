package dev.handoff.app.assistant;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationResolved;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.Notes;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.store.StoreService;
import dev.handoff.app.tickets.TicketService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * With a language model configured, writes summaries for the team and keeps them as internal notes:
 * on escalation (what the customer asked, what was checked, what was resolved, the follow-up; it also
 * replaces the templated summary of the open ticket) and on resolve. The transaction that escalates
 * or resolves schedules a durable {@code model-summary} job, so the model is called off the request
 * and the turn, with no database connection held, and the summary survives a restart; a failed call
 * leaves the templated summary and blocks nothing.
 */
@Singleton
public class ModelSummaries {

    static final String TASK = "model-summary";

    /** When a summary is written. */
    enum Kind { escalation, resolution }

    private final AssistantModel model;
    private final ConversationLookup lookup;
    private final Notes notes;
    private final TicketService tickets;
    private final StoreService stores;
    private final JobScheduler jobs;
    private final OneTimeTask<String> task;
    private final TransactionOperations<Connection> transactions;

    ModelSummaries(AssistantModel model, ConversationLookup lookup, Notes notes, TicketService tickets, StoreService stores,
                   JobScheduler jobs,
                   @Named(TASK) OneTimeTask<String> task, TransactionOperations<Connection> transactions) {
        this.model = model;
        this.lookup = lookup;
        this.notes = notes;
        this.tickets = tickets;
        this.stores = stores;
        this.jobs = jobs;
        this.task = task;
        this.transactions = transactions;
    }

    /** Schedules a summary, in the caller's transaction (required). */
    void request(UUID conversationId, Kind kind) {
        if (model.configured()) {
            jobs.enqueueAt(task, kind + ":" + conversationId + "@" + System.nanoTime(), kind + ":" + conversationId, Instant.now());
        }
    }

    /** In the resolving transaction. */
    @EventListener
    void onResolved(ConversationResolved event) {
        request(event.conversationId(), Kind.resolution);
    }

    /** The job: summarises the conversation as it is now. */
    void write(Kind kind, UUID conversationId) {
        Optional<Conversation> found = transactions.executeRead(status -> lookup.find(conversationId));
        if (found.isEmpty()) {
            return;
        }
        Conversation c = found.get();
        List<ModelPrompts.Turn> thread = transactions.executeRead(status -> lookup.recentMessages(c.id(), 30)).stream()
                .filter(m -> m.author() != Author.system).map(m -> new ModelPrompts.Turn(m.author().name(), m.bodyText())).toList();
        String store = transactions.executeRead(status -> stores.nameOf(c.storeId()));
        if (thread.isEmpty()) {
            return;
        }
        String occasion = kind == Kind.escalation ? "now that it is escalated to the team" : "now that it is resolved";
        model.summarize(c.storeId(), c.id(), store, occasion, thread).ifPresent(summary -> transactions.executeWrite(status -> {
            notes.addNote(c, null, kind + "_summary", summary);
            if (kind == Kind.escalation) {
                tickets.updateOpenSummary(c.id(), summary);
            }
            return null;
        }));
    }

    /** The durable job (one attempt: the model client already retries). */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        OneTimeTask<String> modelSummaryTask(Provider<ModelSummaries> summaries) {
            return Tasks.oneTime(TASK, String.class).execute((instance, context) -> {
                String[] parts = instance.getData().split(":", 2);
                summaries.get().write(Kind.valueOf(parts[0]), UUID.fromString(parts[1]));
            });
        }
    }
}
