package dev.handoff.app.replay;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.handoff.app.assistant.AssistantModel;
import dev.handoff.app.assistant.AssistantQueue;
import dev.handoff.app.assistant.ClassifierVectors;
import dev.handoff.app.assistant.MessageIntents;
import dev.handoff.app.assistant.MessageLanguage;
import dev.handoff.app.assistant.faq.FaqGate;
import dev.handoff.app.assistant.faq.FaqGateSettings;
import dev.handoff.app.assistant.SentimentClassifier;
import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.conversation.Sentiment;
import dev.handoff.app.insights.AnswerOutcomes;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.search.EmbeddingService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a replay (the durable db-scheduler job {@value #TASK}, so a replay interrupted by a restart
 * runs again from the start on the next node to pick it up). Reads, in read-only transactions, the
 * store's items and every conversation with a shopper message in the period (messages before the period
 * give context), then replays each conversation twice with {@link SandboxTurn}: with the knowledge base
 * and settings as they are ("before": what the assistant does with the message today) and with the
 * proposed change ("after"). Both decide with the live assistant's code: {@link dev.handoff.app.assistant.faq.FaqDecider}
 * over each knowledge base held once in memory ({@link SandboxFaqs}) with the live gate
 * ({@link FaqGateSettings}; "after" with the thresholds the proposal tries). Stored embeddings,
 * sentiments and languages are used (a message without one is embedded, classified or detected in
 * memory); the live intent reader reads each message once for both walks. A change is flagged when the message got an FAQ answer that
 * nothing says was wrong ({@link AnswerOutcomes}) and the proposal answers it with silence or another
 * item. Writes only the replay's own row: progress every {@value #PROGRESS_EVERY} messages, then the result.
 * Live shoppers come first: before each item it embeds and each conversation it walks, the replay gives
 * way while live assistant turns run or queue on its node ({@link LiveFirst}).
 */
@Singleton
public class ReplayRunner {

    /** The db-scheduler task name. */
    public static final String TASK = "faq-replay";
    /** Changes kept in the result at most (the summary counts all). */
    static final int MAX_CHANGES = 2_000;
    private static final int PROGRESS_EVERY = 250;
    private static final Logger LOG = LoggerFactory.getLogger(ReplayRunner.class);

    private final ReplayStore store;
    private final KnowledgeService knowledge;
    private final SettingsService settings;
    private final SandboxFaqs faqs;
    private final SandboxTurn turn;
    private final EmbeddingService embeddings;
    private final SentimentClassifier sentiments;
    private final AnswerOutcomes outcomes;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final FaqGateSettings gate;
    private final MessageIntents intents;
    private final MessageLanguage languages;
    private final ClassifierVectors classifierVectors;
    private final AssistantModel model;
    private final AssistantQueue live;

    ReplayRunner(ReplayStore store, KnowledgeService knowledge, SettingsService settings, SandboxFaqs faqs, SandboxTurn turn,
                 EmbeddingService embeddings, SentimentClassifier sentiments, AnswerOutcomes outcomes, JdbcOperations jdbc,
                 TransactionOperations<Connection> transactions, Clock clock, FaqGateSettings gate, MessageIntents intents,
                 MessageLanguage languages, ClassifierVectors classifierVectors, AssistantModel model, AssistantQueue live) {
        this.live = live;
        this.store = store;
        this.knowledge = knowledge;
        this.settings = settings;
        this.faqs = faqs;
        this.turn = turn;
        this.embeddings = embeddings;
        this.sentiments = sentiments;
        this.outcomes = outcomes;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.gate = gate;
        this.intents = intents;
        this.languages = languages;
        this.classifierVectors = classifierVectors;
        this.model = model;
    }

    private record Row(UUID conversationId, UUID id, String author, String text, byte[] embedding, String sentiment,
                       String language, Instant at, String contactEmail) {
    }

    /** Runs the replay {@code id} if it is still running; records a failure instead of throwing. */
    void run(UUID id) {
        ReplayStore.Row row = transactions.executeRead(s -> store.find(id, false)).orElse(null);
        if (row == null || !"running".equals(row.replay().status())) {
            return;
        }
        try {
            execute(row);
        } catch (RuntimeException e) {
            LOG.warn("Replay {} failed", id, e);
            transactions.executeWrite(s -> {
                store.failed(id, e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
                return null;
            });
        }
    }

    private void execute(ReplayStore.Row row) {
        long started = System.nanoTime();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStarted = cpu.getCurrentThreadCpuTime();
        Replay r = row.replay();
        UUID storeId = row.storeId();
        ReplayRequest proposal = r.proposal();
        List<FaqItem> current = transactions.executeRead(s -> knowledge.items(storeId));
        ReplayRequest.FaqChanges faq = proposal.faq() == null ? new ReplayRequest.FaqChanges(null, null, null) : proposal.faq();
        ProposedFaq.Applied applied = ProposedFaq.apply(storeId, faq, current, clock.instant());
        ReplayRequest.Settings proposed = proposal.settings();
        FaqGate liveGate = gate.gate();
        FaqGate afterGate = proposed == null ? liveGate : proposed.gate(liveGate);
        boolean enabledBefore = transactions.executeRead(s -> settings.of(storeId).aiEnabled());
        boolean enabledAfter = proposed == null || proposed.assistantEnabled() == null ? enabledBefore : proposed.assistantEnabled();
        boolean modelBefore = model.configured();
        boolean modelAfter = proposed == null || proposed.languageModel() == null ? modelBefore : proposed.languageModel();
        Map<UUID, AnswerOutcomes.Answer> actual = new HashMap<>();
        transactions.executeRead(s -> outcomes.of(storeId, r.from(), r.to())).forEach(a -> {
            if (a.questionId() != null) {
                actual.put(a.questionId(), a);
            }
        });
        Map<UUID, List<Row>> threads = transactions.executeRead(s -> threads(storeId, r.from(), r.to()));
        long readAt = System.nanoTime();
        int total = (int) threads.values().stream().flatMap(List::stream)
                .filter(m -> "customer".equals(m.author()) && !m.at().isBefore(r.from())).count();
        transactions.executeWrite(s -> {
            store.progress(r.id(), 0, total);
            return null;
        });
        int[] counts = new int[8]; // newlyAnswered, newlySilent, changedAnswer, newlyEscalated, noLongerEscalated, unchanged, flagged, other
        List<Replay.Change> changes = new ArrayList<>();
        int done = 0;
        // before each item it embeds and each conversation it walks, the replay waits (up to 200 ms) while live turns run on this node
        LiveFirst liveFirst = new LiveFirst(live::inProgress, Duration.ofMillis(200), Duration.ofMillis(2));
        long built;
        try (SandboxFaq before = faqs.build(storeId, current, liveGate, liveFirst::giveWay);
             // a preview of settings alone decides over the same knowledge base: each message is searched once
             SandboxFaq after = faq.none() ? before.withGate(afterGate) : faqs.build(storeId, applied.items(), afterGate, liveFirst::giveWay)) {
            built = System.nanoTime();
            for (List<Row> thread : threads.values()) {
                liveFirst.giveWay();
                List<SandboxTurn.Turn> turns = new ArrayList<>(thread.size());
                Map<UUID, Row> byId = new HashMap<>();
                for (Row m : thread) {
                    boolean customer = "customer".equals(m.author());
                    float[] vector = null;
                    Sentiment sentiment = null;
                    SandboxTurn.Reading reading = null;
                    if (customer) {
                        vector = m.embedding() != null ? Message.floats(m.embedding()) : embeddings.embed(dev.handoff.app.assistant.ShopperText.core(m.text()));
                        float[] local = classifierVectors.of(m.text(), vector);
                        sentiment = m.sentiment() != null ? Sentiment.valueOf(m.sentiment()) : sentiments.classify(m.text(), local).sentiment();
                        String language = m.language() != null ? m.language() : languages.detect(m.text());
                        MessageIntents.Reading read = MessageLanguage.foreign(language) ? null : intents.read(m.text(), local);
                        reading = new SandboxTurn.Reading(language, read == null ? null : read.signal().orElse(null), read != null && read.orderStatus(),
                                read != null && read.faqFirst(), read != null && read.faqMustAnswer());
                        byId.put(m.id(), m);
                    }
                    turns.add(new SandboxTurn.Turn(m.id(), m.author(), m.text(), vector, sentiment, reading, customer && !m.at().isBefore(r.from())));
                }
                String email = thread.get(0).contactEmail();
                Map<UUID, Outcome> was = turn.run(storeId, email, turns, before, enabledBefore, modelBefore);
                Map<UUID, Outcome> will = turn.run(storeId, email, turns, after, enabledAfter, modelAfter);
                for (SandboxTurn.Turn t : turns) {
                    Outcome b = was.get(t.id());
                    if (b == null) {
                        continue;
                    }
                    Outcome a = will.get(t.id());
                    String kind = kind(b, a, applied);
                    if (kind == null) {
                        counts[5]++;
                    } else {
                        AnswerOutcomes.Answer real = actual.get(t.id());
                        boolean flagged = real != null && real.right() && b.answered() && real.itemIds().contains(b.faqItemId())
                                && !(a.answered() && b.faqItemId().equals(a.faqItemId()));
                        switch (kind) {
                            case "newlyAnswered" -> counts[0]++;
                            case "newlySilent" -> counts[1]++;
                            case "changedAnswer" -> counts[2]++;
                            case "newlyEscalated" -> counts[3]++;
                            case "noLongerEscalated" -> counts[4]++;
                            default -> counts[7]++;
                        }
                        if (flagged) {
                            counts[6]++;
                        }
                        if (changes.size() < MAX_CHANGES) {
                            changes.add(new Replay.Change(t.id(), byId.get(t.id()).conversationId(), t.text(), kind, b, a, flagged));
                        }
                    }
                    if (++done % PROGRESS_EVERY == 0) {
                        int progressDone = done;
                        transactions.executeWrite(s -> {
                            store.progress(r.id(), progressDone / (double) Math.max(1, total), total);
                            return null;
                        });
                    }
                }
            }
        }
        changes.sort((x, y) -> Boolean.compare(y.flagged(), x.flagged()));
        Replay.Summary summary = new Replay.Summary(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[7], counts[6], 0);
        int messages = done;
        transactions.executeWrite(s -> {
            store.done(r.id(), messages, summary, changes, clock.instant());
            return null;
        });
        LOG.info("Replay {}: {} messages in {} ms, {} ms on the CPU (reading {} ms, the two knowledge bases {} ms, the walks {} ms, "
                        + "of which {} ms paused for live shoppers), {} changed",
                r.id(), messages, (System.nanoTime() - started) / 1_000_000, (cpu.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000,
                (readAt - started) / 1_000_000, (built - readAt) / 1_000_000, (System.nanoTime() - built) / 1_000_000, liveFirst.paused() / 1_000_000,
                messages - summary.unchanged());
    }

    /** @return how the outcome changes, or {@code null} when it does not */
    private static String kind(Outcome before, Outcome after, ProposedFaq.Applied applied) {
        boolean editedAnswer = before.answered() && after.answered() && before.faqItemId().equals(after.faqItemId())
                && applied.edited().contains(after.faqItemId());
        if (before.sameAs(after) && !editedAnswer) {
            return null;
        }
        if (after.escalated() && !before.escalated()) {
            return "newlyEscalated";
        }
        if (before.escalated() && !after.escalated()) {
            return "noLongerEscalated";
        }
        if (before.answered() && after.answered()) {
            return "changedAnswer";
        }
        if (after.answered()) {
            return "newlyAnswered";
        }
        if (before.answered()) {
            return "newlySilent";
        }
        return "changed";
    }

    /** @return every conversation with a shopper message in [from, to), its messages before {@code to} in time order */
    private Map<UUID, List<Row>> threads(UUID storeId, Instant from, Instant to) {
        return jdbc.execute(c -> {
            Map<UUID, List<Row>> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT m.conversation_id, m.id, m.author, m.body_text, m.embedding, m.sentiment, m.language, m.created_at, ct.email
                    FROM messages m JOIN conversations cv ON cv.id = m.conversation_id JOIN contacts ct ON ct.id = cv.contact_id
                    WHERE m.conversation_id IN (SELECT DISTINCT conversation_id FROM messages
                                                WHERE store_id = ? AND author = 'customer' AND created_at >= ? AND created_at < ?)
                      AND m.created_at < ?
                    ORDER BY m.conversation_id, m.created_at, m.id""")) {
                s.setObject(1, storeId);
                s.setTimestamp(2, Timestamp.from(from));
                s.setTimestamp(3, Timestamp.from(to));
                s.setTimestamp(4, Timestamp.from(to));
                s.setFetchSize(1000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        UUID conversation = r.getObject(1, UUID.class);
                        String author = r.getString(3);
                        boolean customer = "customer".equals(author);
                        out.computeIfAbsent(conversation, k -> new ArrayList<>()).add(new Row(conversation, r.getObject(2, UUID.class), author,
                                customer || "system".equals(author) ? r.getString(4) : "", customer ? r.getBytes(5) : null,
                                r.getString(6), r.getString(7), r.getTimestamp(8).toInstant(), r.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    /** The durable job. */
    @Factory
    static class Jobs {
        @Singleton
        @Named(TASK)
        OneTimeTask<String> replayTask(Provider<ReplayRunner> runner) {
            return Tasks.oneTime(TASK, String.class)
                    .execute((instance, context) -> runner.get().run(UUID.fromString(instance.getData())));
        }
    }
}
