package dev.handoff.app.knowledge;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A question and its answer. Re-embedded and re-indexed on every edit.
 *
 * @param id                 item id
 * @param storeId            tenant
 * @param categoryId         its category, or {@code null}
 * @param question           the question as shoppers ask it
 * @param alternateQuestions other phrasings of the question, one per line (may be empty)
 * @param answer             the answer the assistant quotes
 * @param published          {@code false} for a draft: hidden from the help center, the widget and the assistant
 * @param position           order within its category (ascending; ties by creation time)
 * @param createdAt          creation time (UTC)
 * @param updatedAt          last edit (UTC)
 */
@MappedEntity("faq_items")
public record FaqItem(@Id UUID id, UUID storeId, @Nullable UUID categoryId, String question, String alternateQuestions,
                      String answer, boolean published, int position, Instant createdAt, Instant updatedAt) {

    /** @return the alternate phrasings as a list */
    public List<String> alternates() {
        return alternateQuestions.isBlank() ? List.of() : Arrays.stream(alternateQuestions.split("\n")).filter(s -> !s.isBlank()).toList();
    }

    /** @return the question followed by its alternate phrasings */
    public List<String> phrasings() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(question), alternates().stream()).toList();
    }
}
