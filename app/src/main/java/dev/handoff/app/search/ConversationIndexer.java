package dev.handoff.app.search;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationChanged;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.InboxQueries;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.tickets.TicketChanged;
import dev.handoff.app.tickets.TicketService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps the conversation index in step with the database through durable {@code index-conversation}
 * jobs: every transaction that changes a conversation (a message, a status, a ticket) schedules, in
 * that transaction, a job for the end of the current {@code handoff.search.index-delay} window
 * (default 3 s) keyed by conversation and window, so a burst of changes is indexed once and a change
 * made while a job runs is picked up by the next window's job. A job that fails (the search backend is
 * down) is retried until it succeeds, backing off to once a minute, so an outage loses no write. On
 * start, conversations active since
 * shortly before the newest indexed activity (all of them when the index is empty) are re-indexed.
 */
@Singleton
public class ConversationIndexer implements ApplicationEventListener<StartupEvent>, Reindexable {

    static final String TASK = "index-conversation";
    /** Messages of a conversation that are indexed: the newest 200 (older ones of longer threads are not searchable). */
    static final int MAX_MESSAGES = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ConversationIndexer.class);
    /** {@code #1042}, {@code order 1042}, {@code ticket 1001}: the numbers a merchant searches by. */
    private static final Pattern REFERENCE = Pattern.compile("(?:#\\s?|\\b(?:order|ticket)\\s*(?:number|no\\.?|#)?\\s*)(\\d{3,15})\\b",
            Pattern.CASE_INSENSITIVE);

    private final ConversationLookup lookup;
    private final Contacts contacts;
    private final InboxQueries inbox;
    private final TicketService tickets;
    private final ConversationIndex index;
    private final JobScheduler jobs;
    private final OneTimeTask<String> task;
    private final long windowMillis;
    private final ApplicationEventPublisher<Scheduled> scheduled;
    private final Map<String, Long> committed = new ConcurrentHashMap<>();

    ConversationIndexer(ConversationLookup lookup, Contacts contacts, InboxQueries inbox, TicketService tickets,
                        ConversationIndex index, JobScheduler jobs,
                        @Named(TASK) OneTimeTask<String> task, @Value("${handoff.search.index-delay:3s}") Duration delay,
                        ApplicationEventPublisher<Scheduled> scheduled) {
        this.scheduled = scheduled;
        this.lookup = lookup;
        this.contacts = contacts;
        this.inbox = inbox;
        this.tickets = tickets;
        this.index = index;
        this.jobs = jobs;
        this.task = task;
        this.windowMillis = Math.max(1, delay.toMillis());
    }

    @EventListener
    void onConversationChanged(ConversationChanged event) {
        schedule(event.conversationId());
    }

    @EventListener
    void onTicketChanged(TicketChanged event) {
        schedule(event.conversationId());
    }

    /**
     * Schedules the job of the current window, in the caller's transaction, unless a committed
     * transaction already did (then it exists: a job row is only known here after its commit).
     *
     * <p>The job's instance id carries the transaction's id ({@code <conversation>@<window>#<xid>}):
     * two open transactions changing one conversation each get a job of their own rather than one
     * waiting on the other's uncommitted job row. Such a wait deadlocked when the other transaction
     * then waited for the conversation's row, which the first had already updated (seen with two
     * nodes under load). A second job in a window costs one more indexing of the same conversation.
     */
    private void schedule(UUID conversationId) {
        long window = (System.currentTimeMillis() / windowMillis + 1) * windowMillis;
        String key = conversationId + "@" + window;
        if (!committed.containsKey(key)) {
            jobs.enqueueAt(task, key + "#" + jobs.transactionId(), conversationId.toString(), Instant.ofEpochMilli(window));
            scheduled.publishEvent(new Scheduled(key, window));
        }
    }

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onScheduled(Scheduled s) {
        committed.put(s.instance(), s.window());
        if (committed.size() > 10_000) {
            long now = System.currentTimeMillis();
            committed.values().removeIf(w -> w < now);
        }
    }

    /** A job scheduled in the current transaction. @param instance conversation and window ({@code <id>@<window>}) @param window its execution time (epoch ms) */
    record Scheduled(String instance, long window) {
    }

    @Override
    @Transactional
    public void onApplicationEvent(StartupEvent event) {
        Instant newest = index.newestActivity();
        List<UUID> stale = inbox.idsActiveSince(newest == null ? Instant.EPOCH : newest.minus(Duration.ofMinutes(5)));
        stale.forEach(this::schedule);
        if (!stale.isEmpty()) {
            LOG.info("Conversation search: {} conversations queued for indexing", stale.size());
        }
    }

    /** Indexes one conversation from the database as it is now; one that no longer exists is removed from the index. */
    @Transactional(readOnly = true)
    public void index(UUID conversationId) {
        document(conversationId).ifPresentOrElse(index::upsert, () -> index.delete(conversationId));
    }

    @Override
    public String name() {
        return "conversations";
    }

    /**
     * Rebuilds the conversation index from the database, 200 conversations a bulk request. Conversations
     * with activity since the rebuild started are indexed again after the swap, in case a change raced
     * with the copy.
     */
    @Override
    @Transactional(readOnly = true)
    public int rebuild() {
        Instant started = Instant.now();
        int count = 0;
        try (IndexRebuild<ConversationDocument> rebuild = index.rebuild()) {
            List<UUID> ids = inbox.idsActiveSince(Instant.EPOCH);
            for (int from = 0; from < ids.size(); from += 200) {
                List<ConversationDocument> batch = ids.subList(from, Math.min(ids.size(), from + 200)).stream()
                        .map(this::document).flatMap(Optional::stream).toList();
                rebuild.add(batch);
                count += batch.size();
            }
            rebuild.commit();
        }
        inbox.idsActiveSince(started.minusSeconds(5)).forEach(id -> document(id).ifPresent(index::upsert));
        return count;
    }

    private Optional<ConversationDocument> document(UUID conversationId) {
        Optional<Conversation> found = lookup.find(conversationId);
        if (found.isEmpty() || found.get().mergedInto() != null) { // a merged conversation is only a pointer now
            return Optional.empty();
        }
        Conversation c = found.get();
        Contact contact = contacts.contactOf(c);
        List<Message> thread = lookup.recentMessages(c.id(), MAX_MESSAGES);
        Set<String> references = new LinkedHashSet<>();
        List<Integer> ticketNumbers = tickets.numbersFor(c.id());
        ticketNumbers.forEach(n -> references.add(String.valueOf(n)));
        float[] sum = null;
        String sentiment = null;
        for (Message m : thread) {
            if (m.orderNumber() != null) {
                references.add(m.orderNumber().replaceAll("\\D", ""));
            }
            Matcher r = REFERENCE.matcher(m.bodyText());
            while (r.find()) {
                references.add(r.group(1));
            }
            float[] v = m.author() == Author.customer ? m.vector() : null;
            if (v != null) {
                sum = sum == null ? v.clone() : add(sum, v);
            }
            if (m.author() == Author.customer && m.sentiment() != null) {
                sentiment = m.sentiment().name();
            }
        }
        String text = thread.stream().map(Message::bodyText).collect(Collectors.joining("\n"));
        List<String> tags = c.tags().isBlank() ? List.of() : List.of(c.tags().split(","));
        return Optional.of(new ConversationDocument(c.storeId(), c.id(), c.channel(), c.status().name(), sentiment, contact.name(),
                contact.email(), List.of(), text, new ArrayList<>(references), tags, !ticketNumbers.isEmpty(), false,
                c.createdAt(), c.lastActivityAt(), sum == null ? null : EmbeddingService.normalise(sum)));
    }

    private static float[] add(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** The durable job. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        OneTimeTask<String> indexConversationTask(Provider<ConversationIndexer> indexer) {
            return Tasks.oneTime(TASK, String.class)
                    .onFailure(JobScheduler.retryForever(Duration.ofSeconds(1), Duration.ofMinutes(1)))
                    .execute((instance, context) -> indexer.get().index(UUID.fromString(instance.getData())));
        }
    }
}
