package dev.handoff.channels.mail;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Separates what a shopper wrote now from the quoted history and the signature of an email reply,
 * so the assistant reads only what is new. Recognises the attribution lines of the common clients
 * ("On … wrote:", Outlook's "-----Original Message-----" and "From:/Sent:" header blocks, the
 * underscore rule), {@code >}-quoted lines and the RFC 3676 §4.3 signature separator {@code "-- "}.
 */
public final class QuotedText {

    private static final Pattern ATTRIBUTION = Pattern.compile("^\\s*(On|Le|Am|El|Il|Op)\\s.{0,300}(wrote|écrit|schrieb|escribió|scritto|schreef)\\s*:\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ORIGINAL = Pattern.compile("^\\s*-{2,}\\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\\s*-{2,}.*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_FROM = Pattern.compile("^\\s*\\*?(From|De|Von|Van)\\s*:\\*?\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_NEXT = Pattern.compile("^\\s*\\*?(Sent|Date|Envoyé|Gesendet|To)\\s*:\\*?.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern RULE = Pattern.compile("^\\s*_{20,}\\s*$");
    private static final Pattern SIGNATURE = Pattern.compile("^(-- ?|Sent from my .{1,40}|Get Outlook for .{1,30})$");

    private QuotedText() {
    }

    /**
     * @param fresh  the new text
     * @param quoted the quoted history and signature, {@code ""} when none
     */
    public record Split(String fresh, String quoted) {
    }

    /** @return {@code text} split at the first quote marker; the whole text is fresh when no marker is found or nothing precedes it */
    public static Split split(String text) {
        return split(text, text);
    }

    /**
     * @param fresh the text with quoted parts already removed by markup (HTML), searched for further markers
     * @param full  the whole text, used when nothing new remains
     */
    static Split split(String fresh, String full) {
        String normalised = fresh.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = normalised.lines().toList();
        int cut = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String two = i + 1 < lines.size() ? line + " " + lines.get(i + 1) : line;
            boolean header = HEADER_FROM.matcher(line).matches() && lines.stream().skip(i + 1).limit(4)
                    .anyMatch(l -> HEADER_NEXT.matcher(l).matches());
            if (ATTRIBUTION.matcher(line).matches() || ATTRIBUTION.matcher(two).matches() && line.matches("^\\s*(On|Le|Am|El|Il|Op)\\s.*")
                    || ORIGINAL.matcher(line).matches() || RULE.matcher(line).matches() || header
                    || SIGNATURE.matcher(line.stripTrailing().equals("--") ? "--" : line).matches()
                    || line.startsWith(">") && lines.stream().skip(i).allMatch(l -> l.startsWith(">") || l.isBlank())) {
                cut = i;
                break;
            }
        }
        String head = String.join("\n", lines.subList(0, cut)).strip();
        String tail = String.join("\n", lines.subList(cut, lines.size())).strip();
        String normalisedFull = full.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (head.isEmpty()) {
            return new Split(normalisedFull, "");
        }
        if (!fresh.equals(full) && tail.isEmpty()) {
            String rest = normalisedFull.startsWith(head) ? normalisedFull.substring(head.length()).strip() : "";
            return new Split(head, rest);
        }
        return new Split(head, tail);
    }
}
