package dev.handoff.app.assistant;

import io.micronaut.core.annotation.Nullable;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An order number and/or email found in a shopper's text.
 *
 * @param orderNumber digits of the order number (e.g. {@code 1042}), or {@code null}
 * @param email       an email address (lower case), or {@code null}
 */
public record OrderReference(@Nullable String orderNumber, @Nullable String email) {

    /** {@code #1042}, {@code # 1042}, {@code order 1042}, {@code order no. 1042}, {@code order number: 1042}, {@code order #1042}. */
    private static final Pattern NUMBERED = Pattern.compile(
            "(?:#\\s?|\\border\\s*(?:number|num|no\\.?|nr\\.?|id)?(?:\\s*(?:is|was|:))*\\s*#?\\s*)(\\d{3,15})\\b",
            Pattern.CASE_INSENSITIVE);
    /** A bare number, accepted only when the assistant just asked for one. */
    private static final Pattern BARE = Pattern.compile("(?<![\\d.,$€£])\\b(\\d{3,15})\\b(?![.,]\\d)");
    /** A pragmatic subset of RFC 5322 addr-spec: what shoppers type. */
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    /**
     * Extracts a reference.
     *
     * @param text        the shopper's message
     * @param acceptBare  whether a bare number counts as an order number (the assistant asked for one)
     * @return what was found; both fields {@code null} when nothing was
     */
    public static OrderReference find(String text, boolean acceptBare) {
        Matcher email = EMAIL.matcher(text);
        String foundEmail = email.find() ? email.group().toLowerCase(Locale.ROOT) : null;
        String withoutEmail = foundEmail == null ? text : EMAIL.matcher(text).replaceAll(" ");
        Matcher n = NUMBERED.matcher(withoutEmail);
        String number = n.find() ? n.group(1) : null;
        if (number == null && acceptBare) {
            Matcher b = BARE.matcher(withoutEmail);
            number = b.find() ? b.group(1) : null;
        }
        return new OrderReference(number, foundEmail);
    }

    /** @return whether neither a number nor an email was found */
    public boolean isEmpty() {
        return orderNumber == null && email == null;
    }
}
