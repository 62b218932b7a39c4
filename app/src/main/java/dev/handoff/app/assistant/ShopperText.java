package dev.handoff.app.assistant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of a shopper's message that carries its meaning, for the embedding the assistant reads it by: without
 * its closing ("Thanks, Maya", "Kind regards,\nMaya Lopez", "Sent from my iPhone"), which emails nearly always carry
 * and which pulls a short question's embedding away from the FAQ item it asks about (BGE small: "do you ship to
 * Canada?" against "Do you ship internationally?" 0.87, with "Thanks, Maya" under it 0.81). The conventions are
 * those of letter and email writing (complimentary close, signature); nothing else is removed, and a message that
 * is nothing but thanks is returned as it is. An opening salutation ("Hi,") stays: it costs less (0.85), and taking
 * it away moved borderline conversation-search matches below their bar ("package never arrived" against "Hello, my
 * parcel is lost. …" 0.682 with it, 0.673 without, at 0.68). Email and web addresses are read as the words "email
 * address" and "link" ({@link #withoutAddresses}).
 */
public final class ShopperText {

    /** A line that closes a letter: "Thanks,", "Thank you so much!", "Best regards", "Cheers, Maya". */
    private static final Pattern CLOSING_LINE = Pattern.compile(
            "^(?iu:many thanks|thanks?(?: you)?(?: (?:so|very) much| a lot| in advance)?|thx|ty|cheers|best(?: regards| wishes)?"
                    + "|kind(?:est)? regards|warm(?:est)? regards|regards|sincerely|yours(?: sincerely| truly)?|all the best|br)"
                    + "\\b[\\s,.!]*(?:\\p{Lu}[\\p{L}.'-]*(?:\\s+\\p{Lu}[\\p{L}.'-]*){0,2})?[\\s.!]*$");
    /** The same close at the end of the last sentence: "… to Canada? Thanks, Maya". */
    private static final Pattern CLOSING_TAIL = Pattern.compile(
            "(?<=[.?!])\\s+(?iu:many thanks|thanks?(?: you)?(?: (?:so|very) much| a lot| in advance)?|cheers|best regards|kind regards|regards)"
                    + "[\\s,.!]*(?:\\p{Lu}[\\p{L}.'-]*(?:\\s+\\p{Lu}[\\p{L}.'-]*)?)?[\\s.!]*$",
            Pattern.UNICODE_CASE);
    private static final Pattern SENT_FROM = Pattern.compile("^sent from my \\S.*$", Pattern.CASE_INSENSITIVE);
    /** A signature line under a close: one to four capitalised words (a name, a role), nothing else. */
    private static final Pattern NAME_LINE = Pattern.compile("^\\p{Lu}[\\p{L}.'’-]*(?:[ -]\\p{Lu}[\\p{L}.'’-]*){0,3}$");

    /** A web address as shoppers paste it: a scheme or {@code www.}, up to white space. */
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");

    private ShopperText() {
    }

    /**
     * What the intent and sentiment readings see: the message with each email address read as the words "email
     * address" and each web address as "link". The words inside an address are no one's opinion or request
     * ({@code me@nowhere.com} read as a parcel that went nowhere escalated a shopper who was giving their email), and
     * the order lookup reads the address itself from the message ({@link OrderReference}).
     *
     * @param text a shopper's message
     * @return the text with its email and web addresses replaced
     */
    public static String withoutAddresses(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String noLinks = URL.matcher(text).replaceAll("link");
        return OrderReference.EMAIL.matcher(noLinks).replaceAll("email address");
    }

    /**
     * @param text a shopper's message as they wrote it
     * @return the message without its closing (and the signature lines under it), stripped; {@code text} itself when
     *         nothing would be left
     */
    public static String core(String text) {
        if (text == null || text.isBlank()) {
            return text;
        }
        text = withoutAddresses(text);
        List<String> lines = new ArrayList<>(Arrays.asList(text.strip().split("\\R")));
        int close = -1;
        for (int i = lines.size() - 1; i >= Math.max(1, lines.size() - 5); i--) {
            String line = lines.get(i).strip();
            if (CLOSING_LINE.matcher(line).matches() || SENT_FROM.matcher(line).matches()) {
                close = i;
            } else if (!line.isEmpty() && !NAME_LINE.matcher(line).matches()) {
                break;
            }
        }
        if (close > 0) {
            lines = lines.subList(0, close);
        }
        String body = String.join("\n", lines).strip();
        body = CLOSING_TAIL.matcher(body).replaceFirst("");
        return body.isEmpty() ? text : body;
    }
}
