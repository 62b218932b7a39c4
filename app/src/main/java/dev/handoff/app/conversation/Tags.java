package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Tags as conversations and tickets store them: trimmed, lower-cased, duplicates dropped, order kept, comma-joined. */
public final class Tags {

    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}._/-]{1,40}");

    private Tags() {
    }

    /**
     * @param tags at most 20, each 1..40 characters of letters, digits and {@code - _ . /}; {@code null} for none
     * @return the stored form, e.g. {@code vip,fragile}
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for anything else
     */
    public static String normalise(@Nullable List<String> tags) {
        Set<String> clean = new LinkedHashSet<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            clean.add(tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT));
        }
        if (clean.size() > 20 || clean.stream().anyMatch(t -> !TAG.matcher(t).matches())) {
            throw Problems.badRequest("Tags: at most 20, each 1 to 40 letters, digits or - _ . /");
        }
        return String.join(",", clean);
    }
}
