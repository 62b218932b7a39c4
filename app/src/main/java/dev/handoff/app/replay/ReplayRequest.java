package dev.handoff.app.replay;

import dev.handoff.app.assistant.faq.FaqGate;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A proposed change to replay: FAQ items added, edited or deleted, and assistant settings.
 *
 * @param from     start of the period whose shopper messages are replayed (default: 30 days before {@code to})
 * @param to       its end, exclusive (default: now)
 * @param faq      the knowledge-base change (may be empty: then the replay shows what the settings change)
 * @param settings the settings to try (each {@code null} keeps the current one)
 */
@Serdeable
public record ReplayRequest(@Nullable Instant from, @Nullable Instant to, @Nullable FaqChanges faq, @Nullable Settings settings) {

    /**
     * @param add    new items
     * @param edit   changed items; {@code null} fields keep their current value
     * @param delete ids of items to delete
     */
    @Serdeable
    public record FaqChanges(@Nullable List<NewItem> add, @Nullable List<EditedItem> edit, @Nullable List<UUID> delete) {
        /** @return whether it changes no item (a preview of settings alone) */
        boolean none() {
            return (add == null || add.isEmpty()) && (edit == null || edit.isEmpty()) && (delete == null || delete.isEmpty());
        }
    }

    /**
     * @param category           category name (created on publish when missing), or {@code null}
     * @param question           1..1,000 characters
     * @param answer             1..10,000 characters
     * @param alternateQuestions other phrasings
     */
    @Serdeable
    public record NewItem(@Nullable String category, String question, String answer, @Nullable List<String> alternateQuestions) {
    }

    /**
     * @param id                 the store's item
     * @param category           new category name, {@code ""} for none, {@code null} to keep
     * @param question           new question, or {@code null}
     * @param answer             new answer, or {@code null}
     * @param alternateQuestions new phrasings (replacing the old), or {@code null}
     */
    @Serdeable
    public record EditedItem(UUID id, @Nullable String category, @Nullable String question, @Nullable String answer,
                             @Nullable List<String> alternateQuestions) {
    }

    /**
     * Settings to try; each {@code null} keeps the one in force. The FAQ thresholds are those of the
     * live decision ({@link FaqGate}, server configuration {@code handoff.assistant.faq.*}).
     *
     * @param faqAnswerScore   the score the top item must reach to be answered ({@link FaqGate#answerScore})
     * @param faqMargin        its lead over the second item ({@link FaqGate#margin})
     * @param faqClarifyScore  the score from which items are offered as "Did you mean …?" choices ({@link FaqGate#clarifyScore})
     * @param faqClarifyBand   how close to the top a choice must score ({@link FaqGate#clarifyBand})
     * @param languageModel    whether the language model writes answers (a replay never calls it; see README)
     * @param assistantEnabled the store's assistant switch ({@code aiEnabled})
     */
    @Serdeable
    public record Settings(@Nullable Double faqAnswerScore, @Nullable Double faqMargin, @Nullable Double faqClarifyScore,
                           @Nullable Double faqClarifyBand, @Nullable Boolean languageModel, @Nullable Boolean assistantEnabled) {

        /** @return {@code live} with the thresholds this proposal sets */
        public FaqGate gate(FaqGate live) {
            return new FaqGate(live.answerWeight(), live.keywordBonus(), live.hubnessWeight(),
                    faqAnswerScore == null ? live.answerScore() : faqAnswerScore,
                    faqMargin == null ? live.margin() : faqMargin,
                    faqClarifyScore == null ? live.clarifyScore() : faqClarifyScore,
                    faqClarifyBand == null ? live.clarifyBand() : faqClarifyBand, live.modelScore());
        }
    }
}
