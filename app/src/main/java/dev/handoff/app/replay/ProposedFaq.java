package dev.handoff.app.replay;

import dev.handoff.app.knowledge.FaqCategory;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.platform.Problems;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A proposed knowledge-base change applied in memory to the store's items, checked the way saving
 * checks it (question 1..1,000 characters, answer 1..10,000, at most 200 alternates; edited and deleted
 * ids must be the store's items), and the fingerprint that tells whether the knowledge base changed.
 */
final class ProposedFaq {

    private static final int MAX_QUESTION = 1_000;
    private static final int MAX_ANSWER = 10_000;
    private static final int MAX_ALTERNATES = 200;
    private static final int MAX_CHANGES = 500;

    private ProposedFaq() {
    }

    /**
     * @param items     the store's items after the change (new items get random ids)
     * @param edited    ids of existing items whose answer text changes
     */
    record Applied(List<FaqItem> items, Set<UUID> edited) {
    }

    /**
     * Checks a change against the store's items.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 naming the first bad field
     */
    static void validate(ReplayRequest.FaqChanges faq, List<FaqItem> current) {
        Set<UUID> ids = current.stream().map(FaqItem::id).collect(Collectors.toSet());
        List<ReplayRequest.NewItem> add = faq.add() == null ? List.of() : faq.add();
        List<ReplayRequest.EditedItem> edit = faq.edit() == null ? List.of() : faq.edit();
        List<UUID> delete = faq.delete() == null ? List.of() : faq.delete();
        if (add.size() + edit.size() + delete.size() > MAX_CHANGES) {
            throw Problems.badRequest("At most " + MAX_CHANGES + " FAQ changes in one replay");
        }
        for (int i = 0; i < add.size(); i++) {
            ReplayRequest.NewItem n = add.get(i);
            if (n == null) {
                throw Problems.badRequest("faq.add[" + i + "] is empty");
            }
            text(n.question(), "faq.add[" + i + "].question", MAX_QUESTION, true);
            text(n.answer(), "faq.add[" + i + "].answer", MAX_ANSWER, true);
            alternates(n.alternateQuestions(), "faq.add[" + i + "].alternateQuestions");
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < edit.size(); i++) {
            ReplayRequest.EditedItem e = edit.get(i);
            if (e == null || e.id() == null || !ids.contains(e.id())) {
                throw Problems.badRequest("faq.edit[" + i + "].id is not an FAQ item of this store");
            }
            if (!seen.add(e.id())) {
                throw Problems.badRequest("faq.edit[" + i + "] edits an item twice");
            }
            text(e.question(), "faq.edit[" + i + "].question", MAX_QUESTION, false);
            text(e.answer(), "faq.edit[" + i + "].answer", MAX_ANSWER, false);
            alternates(e.alternateQuestions(), "faq.edit[" + i + "].alternateQuestions");
        }
        for (int i = 0; i < delete.size(); i++) {
            if (delete.get(i) == null || !ids.contains(delete.get(i))) {
                throw Problems.badRequest("faq.delete[" + i + "] is not an FAQ item of this store");
            }
            if (seen.contains(delete.get(i))) {
                throw Problems.badRequest("faq.delete[" + i + "] is also edited");
            }
        }
    }

    /** @return the items after the change, in memory */
    static Applied apply(UUID storeId, ReplayRequest.FaqChanges faq, List<FaqItem> current, Instant now) {
        Map<UUID, FaqItem> items = new LinkedHashMap<>();
        current.forEach(i -> items.put(i.id(), i));
        Set<UUID> edited = new HashSet<>();
        if (faq.delete() != null) {
            faq.delete().forEach(items::remove);
        }
        if (faq.edit() != null) {
            for (ReplayRequest.EditedItem e : faq.edit()) {
                FaqItem old = items.get(e.id());
                String answer = e.answer() == null ? old.answer() : e.answer().strip();
                if (!answer.equals(old.answer())) {
                    edited.add(old.id());
                }
                items.put(old.id(), new FaqItem(old.id(), storeId, old.categoryId(), e.question() == null ? old.question() : e.question().strip(),
                        e.alternateQuestions() == null ? old.alternateQuestions() : joined(e.alternateQuestions()), answer, old.published(),
                        old.position(), old.createdAt(), now));
            }
        }
        if (faq.add() != null) {
            for (ReplayRequest.NewItem n : faq.add()) {
                UUID id = UUID.randomUUID();
                items.put(id, new FaqItem(id, storeId, null, n.question().strip(), joined(n.alternateQuestions()), n.answer().strip(), true, 0,
                        now, now));
            }
        }
        return new Applied(new ArrayList<>(items.values()), edited);
    }

    /** @return a fingerprint of the store's items and categories (ids, versions): it changes with any edit */
    static String version(List<FaqItem> items, List<FaqCategory> categories) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            items.stream().map(i -> i.id() + "@" + i.updatedAt().toEpochMilli() + "/" + i.categoryId()).sorted()
                    .forEach(s -> d.update((s + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            categories.stream().map(c -> c.id() + "=" + c.name()).sorted()
                    .forEach(s -> d.update(("c:" + s + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String joined(List<String> alternates) {
        return alternates == null ? "" : alternates.stream().filter(a -> a != null && !a.isBlank()).map(a -> a.replace('\n', ' ').strip())
                .distinct().collect(Collectors.joining("\n"));
    }

    private static void text(String value, String field, int max, boolean required) {
        if (value == null) {
            if (required) {
                throw Problems.badRequest(field + " is required");
            }
            return;
        }
        if (value.isBlank()) {
            throw Problems.badRequest(field + " is empty");
        }
        if (value.strip().length() > max) {
            throw Problems.badRequest(field + " is " + value.strip().length() + " characters; the limit is " + max);
        }
    }

    private static void alternates(List<String> alternates, String field) {
        if (alternates != null && alternates.size() > MAX_ALTERNATES) {
            throw Problems.badRequest(field + ": at most " + MAX_ALTERNATES);
        }
        if (alternates != null) {
            for (String a : alternates) {
                if (a != null && a.strip().length() > MAX_QUESTION) {
                    throw Problems.badRequest(field + ": a phrasing is longer than " + MAX_QUESTION + " characters");
                }
            }
        }
    }
}
