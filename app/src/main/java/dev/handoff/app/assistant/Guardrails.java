package dev.handoff.app.assistant;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a model-written answer before a shopper sees it; a violation discards the answer. An answer
 * must cite at least one of the items it was given and no other; every promise (refund, discount,
 * compensation, something free, a guarantee) and every date or delivery time it states must be
 * stated by a cited item too; every order number and email address in it must be the shopper's own
 * (in their messages) or stated by a cited item.
 */
final class Guardrails {

    private static final Pattern PROMISE = Pattern.compile(
            "\\b(refund\\w*|reimburs\\w*|discount\\w*|coupon\\w*|voucher\\w*|promo(?:tion)?\\s*code|compensat\\w*|free\\b|"
                    + "guarantee\\w*|store credit|money back|\\d+\\s?% off)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile(
            "\\b(today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                    + "january|february|march|april|may|june|july|august|september|october|november|december|"
                    + "\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?|within \\d+|in \\d+ (?:hours?|days?|weeks?)|\\d+\\s*(?:-|to)\\s*\\d+ (?:business |working )?days?)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDER_NUMBER = Pattern.compile("#?\\b\\d{4,}\\b");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");

    private Guardrails() {
    }

    /**
     * @param answer        the model's answer
     * @param cited         the item ids it cites
     * @param sources       the items it was given
     * @param shopperText   everything the shopper wrote in this conversation (their own order numbers and email)
     * @return the first violation, or empty when the answer may be sent
     */
    static Optional<String> check(String answer, List<String> cited, List<ModelPrompts.Source> sources, String shopperText) {
        if (answer == null || answer.isBlank()) {
            return Optional.of("empty answer");
        }
        if (cited == null || cited.isEmpty()) {
            return Optional.of("no cited item");
        }
        Set<String> given = Set.copyOf(sources.stream().map(ModelPrompts.Source::id).toList());
        for (String id : cited) {
            if (!given.contains(id)) {
                return Optional.of("cites an item it was not given: " + id);
            }
        }
        String grounds = String.join("\n", sources.stream().filter(s -> cited.contains(s.id()))
                .map(s -> s.question() + "\n" + s.answer()).toList()).toLowerCase(Locale.ROOT);
        String shopper = shopperText.toLowerCase(Locale.ROOT);
        Optional<String> promise = unsupported(PROMISE, answer, grounds, "a promise the items do not make");
        if (promise.isPresent()) {
            return promise;
        }
        Optional<String> date = unsupported(DATE, answer, grounds, "a date or time the items do not state");
        if (date.isPresent()) {
            return date;
        }
        for (Pattern p : List.of(ORDER_NUMBER, EMAIL)) {
            Matcher m = p.matcher(answer);
            while (m.find()) {
                String value = m.group().toLowerCase(Locale.ROOT).replace("#", "");
                if (!shopper.contains(value) && !grounds.contains(value)) {
                    return Optional.of("personal data that is not the shopper's: " + m.group());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> unsupported(Pattern pattern, String answer, String grounds, String what) {
        Matcher m = pattern.matcher(answer);
        while (m.find()) {
            String phrase = m.group().toLowerCase(Locale.ROOT);
            String stem = phrase.length() > 6 && Character.isLetter(phrase.charAt(0)) ? phrase.substring(0, 6) : phrase;
            if (!grounds.contains(stem)) {
                return Optional.of(what + ": \"" + m.group() + "\"");
            }
        }
        return Optional.empty();
    }
}
