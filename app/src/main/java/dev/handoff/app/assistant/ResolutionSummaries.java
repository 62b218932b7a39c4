package dev.handoff.app.assistant;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationResolved;
import dev.handoff.app.conversation.ConversationService;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.store.Store;
import dev.handoff.app.store.StoreService;
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
 * With a language model configured, writes a summary of each resolved conversation (what was asked,
 * checked, resolved, and any follow-up) and keeps it as an internal note. The resolving transaction
 * schedules a durable {@code resolution-summary} job, so the summary is written off the request
 * thread and survives a restart; a failed model call leaves no note and blocks nothing.
 */
@Singleton
class ResolutionSummaries {

    static final String TASK = "resolution-summary";

    private final AssistantModel model;
    private final ConversationService conversations;
    private final StoreService stores;
    private final JobScheduler jobs;
    private final OneTimeTask<String> task;
    private final TransactionOperations<Connection> transactions;

    ResolutionSummaries(AssistantModel model, ConversationService conversations, StoreService stores, JobScheduler jobs,
                        @Named(TASK) OneTimeTask<String> task, TransactionOperations<Connection> transactions) {
        this.model = model;
        this.conversations = conversations;
        this.stores = stores;
        this.jobs = jobs;
        this.task = task;
        this.transactions = transactions;
    }

    /** In the resolving transaction. */
    @EventListener
    void onResolved(ConversationResolved event) {
        if (model.configured()) {
            jobs.enqueueAt(task, event.conversationId() + "@" + System.currentTimeMillis(), event.conversationId().toString(), Instant.now());
        }
    }

    /** The job: summarises the conversation as it is now. */
    void summarize(UUID conversationId) {
        Optional<Conversation> found = transactions.executeRead(status -> conversations.find(conversationId));
        if (found.isEmpty()) {
            return;
        }
        Conversation c = found.get();
        List<ModelPrompts.Turn> thread = transactions.executeRead(status -> conversations.recentMessages(c.id(), 30)).stream()
                .filter(m -> m.author() != Author.system).map(m -> new ModelPrompts.Turn(m.author().name(), m.bodyText())).toList();
        String store = transactions.executeRead(status -> stores.find(c.storeId())).map(Store::name).orElse("the store");
        if (!thread.isEmpty()) {
            model.summarize(c.storeId(), store, "now that it is resolved", thread)
                    .ifPresent(summary -> conversations.addNote(c, null, "resolution_summary", summary));
        }
    }

    /** The durable job (one attempt: a failed model call is already retried by the client). */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        OneTimeTask<String> resolutionSummaryTask(Provider<ResolutionSummaries> summaries) {
            return Tasks.oneTime(TASK, String.class)
                    .execute((instance, context) -> summaries.get().summarize(UUID.fromString(instance.getData())));
        }
    }
}
