package dev.handoff.app.insights;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What happened after each FAQ answer the assistant gave in a period: the signals that it was wrong.
 * An answer (an assistant message citing FAQ items) is
 * <ul>
 *   <li><b>followed by a person</b> when an agent wrote in the conversation after it and before the
 *       assistant's next answer, within {@link #WINDOW} (a correction or a complement);</li>
 *   <li><b>reopened</b> when the conversation was resolved after it and then reopened (by the shopper
 *       writing again or an agent) within {@link #WINDOW} of the answer;</li>
 *   <li><b>rated down</b> when the conversation got a thumbs-down after it (a bad rating flags every
 *       item the assistant used before it).</li>
 * </ul>
 * An answer with none of these is counted as right. Reads the conversation tables directly, as reporting does.
 */
@Singleton
public class AnswerOutcomes {

    /** How long after an answer a person's reply or a reopening counts against it. */
    public static final Duration WINDOW = Duration.ofDays(7);

    private final JdbcOperations jdbc;

    AnswerOutcomes(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One FAQ answer and its outcome.
     *
     * @param answerId       the assistant's message
     * @param questionId     the customer message it answered (the last one before it), or {@code null}
     * @param conversationId its conversation
     * @param question       the shopper's text, or {@code ""}
     * @param itemIds        the FAQ items it cited
     * @param at             when it was sent
     * @param personReplied  an agent wrote after it (see the class comment)
     * @param reopened       the conversation was resolved and reopened within a week
     * @param ratedDown      the conversation was rated down after it
     */
    public record Answer(UUID answerId, @Nullable UUID questionId, UUID conversationId, String question, List<UUID> itemIds,
                         Instant at, boolean personReplied, boolean reopened, boolean ratedDown) {
        /** @return whether nothing says the answer was wrong */
        public boolean right() {
            return !personReplied && !reopened && !ratedDown;
        }
    }

    private record Row(UUID id, String author, @Nullable String source, String cited, String text, Instant at) {
    }

    /** @return the FAQ answers sent in [from, to), oldest first; call inside a (read-only) transaction */
    public List<Answer> of(UUID storeId, Instant from, Instant to) {
        return jdbc.execute(c -> {
            Map<UUID, List<Row>> threads = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT m.conversation_id, m.id, m.author, m.source, m.cited_faq_ids,
                           CASE WHEN m.author IN ('customer', 'system') THEN m.body_text ELSE '' END, m.created_at
                    FROM messages m WHERE m.conversation_id IN (
                      SELECT DISTINCT conversation_id FROM messages
                      WHERE store_id = ? AND cited_faq_ids <> '' AND created_at >= ? AND created_at < ?)
                    ORDER BY m.conversation_id, m.created_at, m.id""")) {
                s.setObject(1, storeId);
                s.setTimestamp(2, Timestamp.from(from));
                s.setTimestamp(3, Timestamp.from(to));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        threads.computeIfAbsent(r.getObject(1, UUID.class), k -> new ArrayList<>()).add(new Row(r.getObject(2, UUID.class),
                                r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getTimestamp(7).toInstant()));
                    }
                }
            }
            Map<UUID, List<Instant>> downs = new LinkedHashMap<>();
            if (!threads.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT conversation_id, created_at FROM ratings WHERE rating = 'down' AND conversation_id = ANY(?)")) {
                    s.setArray(1, c.createArrayOf("uuid", threads.keySet().toArray()));
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            downs.computeIfAbsent(r.getObject(1, UUID.class), k -> new ArrayList<>()).add(r.getTimestamp(2).toInstant());
                        }
                    }
                }
            }
            List<Answer> out = new ArrayList<>();
            threads.forEach((conversation, rows) -> {
                for (int i = 0; i < rows.size(); i++) {
                    Row a = rows.get(i);
                    if (!"assistant".equals(a.author()) || a.cited().isEmpty() || a.at().isBefore(from) || !a.at().isBefore(to)) {
                        continue;
                    }
                    Row question = null;
                    for (int j = i - 1; j >= 0 && question == null; j--) {
                        if ("customer".equals(rows.get(j).author())) {
                            question = rows.get(j);
                        }
                    }
                    Instant until = a.at().plus(WINDOW);
                    boolean person = false;
                    boolean reopened = false;
                    boolean resolved = false;
                    for (int j = i + 1; j < rows.size() && !rows.get(j).at().isAfter(until); j++) {
                        Row next = rows.get(j);
                        if ("assistant".equals(next.author()) && next.source() != null) {
                            if (!resolved) {
                                break; // the assistant answered again before anything else happened
                            }
                        } else if ("agent".equals(next.author()) && !resolved) {
                            person = true;
                        } else if ("system".equals(next.author()) && isResolution(next.text())) {
                            resolved = true;
                        } else if (resolved && ("customer".equals(next.author())
                                || "system".equals(next.author()) && next.text().startsWith("Conversation reopened"))) {
                            reopened = true;
                            break;
                        }
                    }
                    boolean down = downs.getOrDefault(conversation, List.of()).stream().anyMatch(t -> t.isAfter(a.at()));
                    out.add(new Answer(a.id(), question == null ? null : question.id(), conversation, question == null ? "" : question.text(),
                            Arrays.stream(a.cited().split(",")).filter(x -> !x.isBlank()).map(UUID::fromString).toList(),
                            a.at(), person, reopened, down));
                }
            });
            out.sort(java.util.Comparator.comparing(Answer::at));
            return out;
        });
    }

    private static boolean isResolution(String systemText) {
        return systemText.startsWith("Conversation resolved") || systemText.startsWith("Conversation closed automatically");
    }


}
