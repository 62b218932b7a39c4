package dev.handoff.app.insights;

import dev.handoff.app.assistant.AssistantModel;
import dev.handoff.app.assistant.MessageLanguage;
import dev.handoff.app.assistant.faq.FaqCandidate;
import dev.handoff.app.assistant.faq.FaqDecider;
import dev.handoff.app.assistant.faq.FaqDecision;
import dev.handoff.app.assistant.faq.FaqGateSettings;
import dev.handoff.app.assistant.faq.FaqView;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.store.StoreService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The questions the assistant did not answer ({@link UnansweredQuestions}), grouped by meaning
 * ({@link QuestionClusters}), largest group first: what to write next in the knowledge base. Each
 * group carries its size, examples, message ids, a suggested FAQ question (its most central message),
 * the nearest existing FAQ items (the suggested question's FAQ candidates by their best phrasing's cosine
 * similarity: one hybrid retrieval per group, shared with the decision below), and,
 * with a language model configured, an answer drafted from what agents replied (for the five largest
 * groups with agent replies; marked as a draft, cached per group so a page reload costs nothing), and
 * the item the assistant would answer the group with today ({@link FaqDecider} with the live gate), once
 * the knowledge base covers it.
 */
@Singleton
public class UnansweredClusters {

    /** Questions read at most (the newest of the period). */
    public static final int MAX_QUESTIONS = 20_000;
    /** Groups returned at most. */
    static final int MAX_CLUSTERS = 50;
    private static final int EXAMPLES = 5;
    private static final int DRAFTED = 5;

    private final UnansweredQuestions questions;
    private final KnowledgeService knowledge;
    private final AssistantModel model;
    private final StoreService stores;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final FaqGateSettings gate;
    /** Drafted answers by the group's sorted message ids; bounded. */
    private final Map<String, String> drafts = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 500;
        }
    });

    private final MessageLanguage languages;
    /** The embedding model's "same question" similarity. */
    private final double sameQuestion;

    UnansweredClusters(UnansweredQuestions questions, KnowledgeService knowledge, AssistantModel model, StoreService stores,
                       JdbcOperations jdbc, TransactionOperations<Connection> transactions, FaqGateSettings gate,
                       dev.handoff.app.search.EmbeddingService embeddings, MessageLanguage languages) {
        this.gate = gate;
        this.languages = languages;
        this.sameQuestion = embeddings.similarities().sameQuestion();
        this.questions = questions;
        this.knowledge = knowledge;
        this.model = model;
        this.stores = stores;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * @return whether the live assistant, offline, would quote this item to a shopper who wrote {@code question}
     *         ({@link MessageLanguage#answersOffline}); an item gone since the search is not
     */
    private boolean answersOffline(UUID storeId, String question, UUID itemId) {
        String language = languages.detect(question);
        if (!MessageLanguage.foreign(language)) {
            return true;
        }
        return transactions.executeRead(s -> knowledge.itemsById(List.of(itemId))).values().stream()
                .anyMatch(item -> item.storeId().equals(storeId) && languages.answersOffline(language, question, item.question(), item.answer()));
    }

    /**
     * An FAQ item near a group.
     *
     * @param id         the item
     * @param question   its question
     * @param similarity cosine similarity of its best phrasing with the suggested question, in [-1, 1]
     */
    @Serdeable
    public record NearItem(UUID id, String question, double similarity) {
    }

    /**
     * One group of unanswered questions.
     *
     * @param size              how many questions
     * @param examples          up to five distinct texts, the most central first
     * @param messageIds        every question's message id, newest first
     * @param suggestedQuestion the most central question: a draft FAQ question
     * @param nearestFaqItems   up to three existing items, nearest first
     * @param personAnswered    how many of them a person answered (the rest the assistant stayed silent on)
     * @param draftAnswer       with a language model: an answer drafted from agents' replies (a draft to edit), else {@code null}
     * @param answeredNowBy     the item the assistant would answer the suggested question with today, in its language
     *                          ({@link MessageLanguage#answersOffline} without a language model; the FAQ
     *                          changed since), or {@code null} when it would still not answer
     */
    @Serdeable
    public record Cluster(int size, List<String> examples, List<UUID> messageIds, String suggestedQuestion,
                          List<NearItem> nearestFaqItems, int personAnswered, @Nullable String draftAnswer,
                          @Nullable NearItem answeredNowBy) {
    }

    /** @param clusters largest first @param questions how many questions were grouped @param millis time taken */
    @Serdeable
    public record Result(Instant from, Instant to, int questions, List<Cluster> clusters, long millis) {
    }

    /** Groups the unanswered questions of [from, to). */
    public Result of(UUID storeId, Instant from, Instant to) {
        long start = System.nanoTime();
        List<UnansweredQuestions.Question> qs = transactions.executeRead(s -> questions.of(storeId, from, to, MAX_QUESTIONS));
        List<QuestionClusters.Cluster> groups = QuestionClusters.of(qs.stream().map(UnansweredQuestions.Question::text).toList(),
                qs.stream().map(UnansweredQuestions.Question::vector).toList(), sameQuestion);
        List<Cluster> out = new ArrayList<>();
        FaqView view = transactions.executeRead(s -> knowledge.view(storeId));
        int drafted = 0;
        for (QuestionClusters.Cluster g : groups.subList(0, Math.min(MAX_CLUSTERS, groups.size()))) {
            UnansweredQuestions.Question central = qs.get(g.central());
            LinkedHashSet<String> examples = new LinkedHashSet<>();
            examples.add(central.text());
            for (int i : g.members()) {
                if (examples.size() >= EXAMPLES) {
                    break;
                }
                examples.add(qs.get(i).text());
            }
            List<UUID> ids = g.members().stream().map(i -> qs.get(i).id()).toList();
            // one retrieval per group: the decision's candidates, best phrasing similarity first, are also the nearest items
            List<FaqCandidate> candidates = central.vector() == null ? List.of()
                    : transactions.executeRead(s -> view.candidates(central.text(), central.vector(), 10));
            List<NearItem> near = candidates.stream().limit(3).map(m -> new NearItem(m.itemId(), m.question(), m.phrasingSimilarity())).toList();
            FaqDecision now = central.vector() == null ? null : FaqDecider.decide(candidates, gate.gate());
            NearItem answeredNow = now != null && now.outcome() == FaqDecision.Outcome.answer
                    && (model.configured() || answersOffline(storeId, central.text(), now.answer().itemId()))
                    ? new NearItem(now.answer().itemId(), now.answer().question(), now.answer().phrasingSimilarity()) : null;
            String draft = null;
            if (answeredNow == null && model.configured() && drafted < DRAFTED) {
                draft = draft(storeId, central.text(), ids);
                if (draft != null) {
                    drafted++;
                }
            }
            int person = (int) g.members().stream().filter(i -> qs.get(i).source() == UnansweredQuestions.Source.person_answered).count();
            out.add(new Cluster(g.size(), List.copyOf(examples), ids, central.text(), near, person, draft, answeredNow));
        }
        return new Result(from, to, qs.size(), out, (System.nanoTime() - start) / 1_000_000);
    }

    private String draft(UUID storeId, String question, List<UUID> ids) {
        String key = storeId + ":" + ids.stream().map(UUID::toString).sorted().reduce("", String::concat).hashCode() + ":" + ids.size();
        String cached = drafts.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> replies = transactions.executeRead(s -> agentReplies(ids.subList(0, Math.min(ids.size(), 30))));
        String draft = model.draftFaqAnswer(storeId, stores.nameOf(storeId), question, replies).orElse(null);
        if (draft != null) {
            drafts.put(key, draft);
        }
        return draft;
    }

    /** @return the first agent reply after each of these customer messages (where there is one) */
    private List<String> agentReplies(List<UUID> messageIds) {
        return jdbc.execute(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT a.body_text FROM messages m CROSS JOIN LATERAL (
                      SELECT r.body_text FROM messages r WHERE r.conversation_id = m.conversation_id AND r.created_at > m.created_at
                        AND r.author = 'agent' ORDER BY r.created_at LIMIT 1) a
                    WHERE m.id = ANY(?)""")) {
                s.setArray(1, c.createArrayOf("uuid", messageIds.toArray()));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }
}
