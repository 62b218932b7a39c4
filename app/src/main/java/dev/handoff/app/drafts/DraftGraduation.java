package dev.handoff.app.drafts;

import dev.handoff.app.automation.Notifier;
import dev.handoff.app.conversation.AnswerSource;
import dev.handoff.app.platform.Problems;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Drafts that earn trust. Every reviewed draft records what happened to it and when: approved unedited, approved after
 * an edit (with its edit ratio: the Levenshtein distance between the drafted and the sent text over the longer one's
 * length), or discarded. The window counts reviews by their review time, not by when the approved reply was delivered. Per kind of draft ({@link #kindOf}: order status, each FAQ item, the model's answers, Did-you-mean
 * questions, handoff notices) the last {@code handoff.drafts.graduation.window} (50) reviews give the approval rate. A
 * store admin may let a kind go out without review once that window is full and at least
 * {@code handoff.drafts.graduation.min-unedited} (95 %) of it was approved unedited; everything else stays a draft.
 * A discard, or an approval that changed more than {@code handoff.drafts.graduation.max-edit-ratio} (20 %) of a draft,
 * of a kind that goes out by itself turns it back to review and notifies the store's admins.
 */
@Singleton
public class DraftGraduation {

    /** The SQL expression of a draft row's kind (see {@link #kindOf}). */
    static final String KIND = "CASE WHEN source = 'faq' AND cited_faq_ids <> '' THEN 'faq:' || split_part(cited_faq_ids, ',', 1) "
            + "ELSE coalesce(source, 'notice') END";

    private final JdbcOperations jdbc;
    private final Provider<Notifier> notifier;
    private final Clock clock;
    private final int window;
    private final double minUnedited;
    private final double maxEditRatio;

    DraftGraduation(JdbcOperations jdbc, Provider<Notifier> notifier, Clock clock,
                    @Value("${handoff.drafts.graduation.window:50}") int window,
                    @Value("${handoff.drafts.graduation.min-unedited:0.95}") double minUnedited,
                    @Value("${handoff.drafts.graduation.max-edit-ratio:0.2}") double maxEditRatio) {
        this.jdbc = jdbc;
        this.notifier = notifier;
        this.clock = clock;
        this.window = window;
        this.minUnedited = minUnedited;
        this.maxEditRatio = maxEditRatio;
    }

    /**
     * @return the kind of a draft: {@code order_status}, {@code faq:<itemId>} (the first FAQ item it cites), {@code llm},
     *         {@code clarify}, or {@code notice} (a handoff notice, no source)
     */
    public static String kindOf(@Nullable AnswerSource source, String citedFaqIds) {
        if (source == AnswerSource.faq && !citedFaqIds.isBlank()) {
            return "faq:" + citedFaqIds.split(",")[0];
        }
        return source == null ? "notice" : source.name();
    }

    /**
     * @return the share of {@code sent} that differs from {@code drafted}: Levenshtein distance (insertions, deletions,
     *         substitutions of UTF-16 units) over the longer text's length, in [0, 1]; 0 for the same text
     */
    public static double editRatio(String drafted, String sent) {
        if (drafted.equals(sent)) {
            return 0;
        }
        int n = drafted.length();
        int m = sent.length();
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int cost = drafted.charAt(i - 1) == sent.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return (double) prev[m] / Math.max(n, m);
    }

    /**
     * How one kind of draft fares in review (its last {@code window} reviews, auto-sent drafts not counted).
     *
     * @param kind            see {@link #kindOf}
     * @param reviewed        reviews counted (at most {@code window})
     * @param approvedUnedited approved as drafted
     * @param approvedEdited  approved after an edit
     * @param discarded       thrown away
     * @param unedited        approvedUnedited / reviewed, or {@code null} before any review
     * @param typicalEdit     median edit ratio of the edited approvals, or {@code null} when none was edited
     * @param autoSent        drafts of this kind that went out without review (all time)
     * @param autoSend        whether this kind goes out without review now
     * @param eligible        whether it meets the bar (a full window, {@code minUnedited} unedited)
     * @param window          the bar's window
     * @param minUnedited     the bar's share, in [0, 1]
     */
    @Serdeable
    public record KindStats(String kind, int reviewed, int approvedUnedited, int approvedEdited, int discarded, @Nullable Double unedited,
                            @Nullable Double typicalEdit, int autoSent, boolean autoSend, boolean eligible, int window, double minUnedited) {
    }

    /** @return every kind of draft the store has had reviewed or auto-sent, most reviewed first */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public List<KindStats> stats(UUID storeId) {
        return jdbc.prepareStatement("""
                WITH reviewed AS (
                  SELECT kind, status, edit_ratio FROM (
                    SELECT %s AS kind, status, coalesce(edit_ratio, CASE WHEN body = original_body THEN 0 END) AS edit_ratio,
                           row_number() OVER (PARTITION BY %s ORDER BY reviewed_at DESC, id) AS n
                    FROM drafts WHERE store_id = ? AND reviewed_at IS NOT NULL AND NOT auto_sent) r
                  WHERE n <= ?),
                kinds AS (SELECT kind FROM reviewed UNION SELECT kind FROM draft_autosend WHERE store_id = ?
                          UNION SELECT %s FROM drafts WHERE store_id = ? AND auto_sent)
                SELECT k.kind,
                  count(r.status),
                  count(*) FILTER (WHERE r.status <> 'discarded' AND r.edit_ratio = 0),
                  count(*) FILTER (WHERE r.status <> 'discarded' AND r.edit_ratio > 0),
                  count(*) FILTER (WHERE r.status = 'discarded'),
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY r.edit_ratio) FILTER (WHERE r.status <> 'discarded' AND r.edit_ratio > 0),
                  (SELECT count(*) FROM drafts d WHERE d.store_id = ? AND d.auto_sent AND %s = k.kind),
                  EXISTS (SELECT 1 FROM draft_autosend a WHERE a.store_id = ? AND a.kind = k.kind)
                FROM kinds k LEFT JOIN reviewed r ON r.kind = k.kind
                GROUP BY k.kind ORDER BY count(r.status) DESC, k.kind""".formatted(KIND, KIND, KIND, KIND.replace("source", "d.source")
                .replace("cited_faq_ids", "d.cited_faq_ids")), s -> {
            s.setObject(1, storeId);
            s.setInt(2, window);
            s.setObject(3, storeId);
            s.setObject(4, storeId);
            s.setObject(5, storeId);
            s.setObject(6, storeId);
            List<KindStats> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int reviewed = rs.getInt(2);
                    int unedited = rs.getInt(3);
                    double median = rs.getDouble(6);
                    Double typical = rs.wasNull() ? null : median;
                    Double rate = reviewed == 0 ? null : (double) unedited / reviewed;
                    out.add(new KindStats(rs.getString(1), reviewed, unedited, rs.getInt(4), rs.getInt(5), rate, typical, rs.getInt(7),
                            rs.getBoolean(8), meets(reviewed, unedited), window, minUnedited));
                }
            }
            return out;
        });
    }

    private boolean meets(int reviewed, int unedited) {
        return reviewed >= window && unedited >= Math.ceil(minUnedited * reviewed - 1e-9);
    }

    private KindStats require(UUID storeId, String kind) {
        return stats(storeId).stream().filter(k -> k.kind().equals(kind)).findFirst()
                .orElse(new KindStats(kind, 0, 0, 0, 0, null, null, 0, false, false, window, minUnedited));
    }

    /**
     * Lets a kind of draft go out without review (admins).
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 409 problem saying how far the kind is from the bar
     */
    @Transactional
    public KindStats enable(UUID storeId, String kind, @Nullable UUID agentId) {
        KindStats k = require(storeId, kind);
        if (!k.eligible()) {
            throw Problems.conflict(String.format(java.util.Locale.ROOT,
                    "%s drafts go out by themselves only after their last %d reviews were approved unedited at least %.0f %% of the time: "
                            + "%d reviewed so far, %d unedited", kind, window, minUnedited * 100, k.reviewed(), k.approvedUnedited()));
        }
        jdbc.prepareStatement("INSERT INTO draft_autosend (store_id, kind, enabled_by, enabled_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", s -> {
            s.setObject(1, storeId);
            s.setString(2, kind);
            s.setObject(3, agentId);
            s.setTimestamp(4, Timestamp.from(clock.instant()));
            return s.executeUpdate();
        });
        return require(storeId, kind);
    }

    /** Sends a kind of draft to review again. */
    @Transactional
    public KindStats disable(UUID storeId, String kind) {
        jdbc.prepareStatement("DELETE FROM draft_autosend WHERE store_id = ? AND kind = ?", s -> {
            s.setObject(1, storeId);
            s.setString(2, kind);
            return s.executeUpdate();
        });
        return require(storeId, kind);
    }

    /** @return whether a new draft of this kind goes out without review (enabled and still meeting the bar) */
    boolean autoSends(UUID storeId, String kind) {
        boolean on = Boolean.TRUE.equals(jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM draft_autosend WHERE store_id = ? AND kind = ?)", s -> {
            s.setObject(1, storeId);
            s.setString(2, kind);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }));
        return on && require(storeId, kind).eligible();
    }

    /**
     * Records a review in the reviewing transaction; a discard or a large edit of a kind that goes out by itself turns it
     * back to review and notifies the admins.
     *
     * @param sent the text approved, or {@code null} for a discard
     */
    void reviewed(Draft d, @Nullable String sent) {
        double ratio = sent == null ? 1 : editRatio(d.originalBody(), sent);
        jdbc.prepareStatement("UPDATE drafts SET edit_ratio = ?, reviewed_at = ? WHERE id = ?", s -> {
            s.setDouble(1, sent == null ? 0 : ratio);
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            s.setObject(3, d.id());
            return s.executeUpdate();
        });
        String kind = kindOf(d.source(), d.citedFaqIds());
        if ((sent == null || ratio > maxEditRatio) && autoSendOn(d.storeId(), kind)) {
            disable(d.storeId(), kind);
            notifier.get().notify(d.storeId(), "autosend_off", "Drafts of kind " + kind + " wait for review again",
                    (sent == null ? "An agent discarded a draft of kind " : String.format(java.util.Locale.ROOT,
                            "An agent changed %.0f %% of a draft of kind ", ratio * 100)) + kind
                            + ", so these drafts wait for review again. Turn auto-send back on in Drafts once the kind meets the bar.");
        }
    }

    private boolean autoSendOn(UUID storeId, String kind) {
        return Boolean.TRUE.equals(jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM draft_autosend WHERE store_id = ? AND kind = ?)", s -> {
            s.setObject(1, storeId);
            s.setString(2, kind);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }));
    }

    /** Marks a draft as sent without review. */
    void markAutoSent(UUID draftId) {
        jdbc.prepareStatement("UPDATE drafts SET auto_sent = true, edit_ratio = 0 WHERE id = ?", s -> {
            s.setObject(1, draftId);
            return s.executeUpdate();
        });
    }
}
