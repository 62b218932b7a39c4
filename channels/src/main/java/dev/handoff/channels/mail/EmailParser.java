package dev.handoff.channels.mail;

import dev.handoff.channels.spi.ChannelKind;
import dev.handoff.channels.spi.InboundMessage;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a raw RFC 5322 / MIME message (as IMAP {@code BODY[]}, Gmail {@code format=raw} and Graph
 * {@code /messages/{id}/$value} give it) into an {@link InboundMessage}, leniently: RFC 2047 encoded
 * words (RFC 2231 parameters), every charset the JDK knows (unknown ones read as Windows-1252 rather than
 * lost), broken transfer encodings read raw, attachments without a name or a Content-Disposition kept,
 * {@code message/rfc822} parts kept as {@code .eml} attachments. HTML bodies are sanitised
 * ({@link HtmlText}) and converted to text; the quoted history is split from the new text
 * ({@link QuotedText}). A message that cannot be read at all still yields an {@link InboundMessage}
 * with {@code parseError} set and the raw bytes kept.
 */
public final class EmailParser {

    /** Largest message read, in bytes (25 MiB, Gmail's limit); a larger one is kept raw with a reason. */
    public static final int MAX_BYTES = 25 * 1024 * 1024;

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
    private static final Session SESSION;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    static {
        Properties p = new Properties();
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.ignoreunknownencoding", "true");
        p.setProperty("mail.mime.decodefilename", "true");
        p.setProperty("mail.mime.decodeparameters", "true");
        p.setProperty("mail.mime.base64.ignoreerrors", "true");
        p.setProperty("mail.mime.uudecode.ignoreerrors", "true");
        p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        p.setProperty("mail.mime.allowutf8", "true");
        SESSION = Session.getInstance(p);
    }

    private EmailParser() {
    }

    /**
     * Parses one message.
     *
     * @param channel     the email channel it arrived on
     * @param accountId   the channel account
     * @param providerId  the provider's id for it (see {@link InboundMessage.Email#providerId()})
     * @param threadKey   the provider's thread id (Gmail threadId, Graph conversationId), or {@code null}
     * @param raw         the message bytes
     * @param receivedAt  when the mailbox received it; used when the Date header is missing or unreadable
     * @return the message; never throws for bad input: what cannot be read is reported in {@code email().parseError()}
     */
    public static InboundMessage parse(ChannelKind channel, String accountId, String providerId, String threadKey, byte[] raw,
                                       Instant receivedAt) {
        if (raw.length > MAX_BYTES) {
            return unreadable(channel, accountId, providerId, threadKey, raw, receivedAt,
                    "Message is " + raw.length + " bytes; messages above " + MAX_BYTES + " bytes are kept raw, unread");
        }
        try {
            MimeMessage mime = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            Body body = new Body();
            List<String> problems = new ArrayList<>();
            walk(mime, body, problems, 0);
            String html = body.html.isEmpty() ? null : HtmlText.sanitise(body.html.toString());
            String fullText = body.text.length() > 0 ? body.text.toString() : body.html.isEmpty() ? "" : HtmlText.toText(body.html.toString());
            QuotedText.Split split = body.text.length() == 0 && !body.html.isEmpty()
                    ? QuotedText.split(HtmlText.toText(HtmlText.withoutQuotes(body.html.toString())), fullText)
                    : QuotedText.split(fullText);
            Instant sentAt = sentAt(mime, receivedAt);
            String messageId = ids(header(mime, "Message-ID")).stream().findFirst().orElse(null);
            InboundMessage.Email email = new InboundMessage.Email(providerId, messageId, ids(header(mime, "In-Reply-To")),
                    ids(header(mime, "References")), recipients(mime), split.quoted(), automatic(mime),
                    problems.isEmpty() ? null : String.join("; ", problems), problems.isEmpty() ? null : raw);
            InboundMessage.Sender sender = sender(mime);
            String subject = subject(mime);
            String fingerprint = sender.email() + "|" + header(mime, "Date") + "|" + subject + "|" + fullText + "|"
                    + body.attachments.stream().map(a -> Integer.toString(a.content().length)).toList();
            return new InboundMessage(channel, accountId, dedupeKey(messageId, raw, fingerprint), threadKey, sender, subject,
                    split.fresh(), html, body.attachments, sentAt, email);
        } catch (MessagingException | RuntimeException e) {
            return unreadable(channel, accountId, providerId, threadKey, raw, receivedAt,
                    "Not a readable MIME message: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The key a redelivered message is recognised by: its Message-ID with a fingerprint of what it says
     * (sender, date, subject, text, attachment sizes), so a re-sync, a second label or a copy delivered to
     * two mailboxes is one message, while two different messages that reuse a Message-ID (broken mailers
     * do) are both kept. A message without a Message-ID is known by the hash of its bytes.
     */
    static String dedupeKey(String messageId, byte[] raw, String fingerprint) {
        if (messageId == null) {
            return "sha256:" + sha256(raw);
        }
        return messageId + "#" + sha256(fingerprint.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A message the provider would not hand over (it failed on this one message while serving others):
     * recorded with the reason so that agents see it and the sync moves on.
     *
     * @param providerId the provider's id, which makes the dedupe key
     */
    public static InboundMessage unfetchable(ChannelKind channel, String accountId, String providerId, String threadKey, String reason,
                                             Instant receivedAt) {
        InboundMessage.Email email = new InboundMessage.Email(providerId, null, List.of(), List.of(), List.of(), "", false,
                "The mail server failed to hand this message over: " + reason, new byte[0]);
        return new InboundMessage(channel, accountId, "provider:" + accountId + ":" + providerId, threadKey,
                new InboundMessage.Sender(null, null), null, "(This email could not be fetched from the mail server: " + reason + ")",
                null, List.of(), receivedAt, email);
    }

    private static InboundMessage unreadable(ChannelKind channel, String accountId, String providerId, String threadKey, byte[] raw,
                                             Instant receivedAt, String reason) {
        String preview = new String(raw, 0, Math.min(raw.length, 2000), StandardCharsets.ISO_8859_1);
        InboundMessage.Email email = new InboundMessage.Email(providerId, null, List.of(), List.of(), List.of(), "", false, reason, raw);
        return new InboundMessage(channel, accountId, dedupeKey(null, raw, ""), threadKey, new InboundMessage.Sender(null, null),
                null, "(This email could not be read: " + reason + ")\n\n" + preview, null, List.of(), receivedAt, email);
    }

    private static final class Body {
        final StringBuilder text = new StringBuilder();
        final StringBuilder html = new StringBuilder();
        final List<InboundMessage.Attachment> attachments = new ArrayList<>();
    }

    private static void walk(Part part, Body body, List<String> problems, int depth) throws MessagingException {
        if (depth > 20) {
            problems.add("MIME parts nested deeper than 20 levels were not read");
            return;
        }
        String type = contentType(part, problems);
        if (type.startsWith("multipart/")) {
            Object content;
            try {
                content = part.getContent();
            } catch (IOException | MessagingException e) {
                content = repaired(part);
                if (content == null) {
                    byte[] bytes = bytes(part, new ArrayList<>());
                    if (new String(bytes, StandardCharsets.ISO_8859_1).isBlank()) {
                        problems.add("Declared " + type.replaceAll(";.*", "") + " but has no body");
                    } else {
                        problems.add("Multipart body unreadable (" + e.getMessage() + "), kept as an attachment");
                        attach(part, body, problems);
                    }
                    return;
                }
            }
            if (!(content instanceof Multipart multipart)) {
                attach(part, body, problems);
                return;
            }
            if (type.startsWith("multipart/alternative")) {
                alternative(multipart, body, problems, depth);
                return;
            }
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), body, problems, depth + 1);
            }
            return;
        }
        boolean named = filename(part) != null;
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || named;
        if (!attachment && type.startsWith("text/plain")) {
            appendBlock(body.text, text(part, problems));
        } else if (!attachment && type.startsWith("text/html")) {
            body.html.append(text(part, problems));
        } else if (!attachment && (type.startsWith("text/") && !type.startsWith("text/calendar") && !type.startsWith("text/rfc822"))) {
            appendBlock(body.text, text(part, problems));
        } else {
            attach(part, body, problems);
        }
    }

    /**
     * Reads a multipart whose boundary parameter breaks RFC 2045's syntax (an unquoted boundary with
     * {@code =} in it, as Outlook Express wrote them) by quoting the boundary.
     *
     * @return the multipart, or {@code null} when that does not help
     */
    private static Multipart repaired(Part part) {
        try {
            String header = part instanceof MimePart mp ? mp.getHeader("Content-Type", null) : null;
            Matcher m = header == null ? null : Pattern.compile("boundary\\s*=\\s*\"?([^\";\\r\\n]+)\"?", Pattern.CASE_INSENSITIVE).matcher(header);
            if (m == null || !m.find()) {
                return null;
            }
            String subtype = header.strip().toLowerCase(Locale.ROOT).replaceAll("(?s)^multipart/([a-z-]+).*$", "$1");
            byte[] raw;
            try (InputStream in = part instanceof MimeMessage msg ? msg.getRawInputStream()
                    : ((jakarta.mail.internet.MimeBodyPart) part).getRawInputStream()) {
                raw = in.readAllBytes();
            }
            Multipart multipart = new jakarta.mail.internet.MimeMultipart(new jakarta.mail.util.ByteArrayDataSource(raw,
                    "multipart/" + subtype + "; boundary=\"" + m.group(1).strip() + "\""));
            return multipart.getCount() > 0 ? multipart : null;
        } catch (IOException | MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** multipart/alternative: the last part we can read of each kind wins (RFC 2046 §5.1.4 orders them simplest first). */
    private static void alternative(Multipart multipart, Body body, List<String> problems, int depth) throws MessagingException {
        Body best = new Body();
        for (int i = 0; i < multipart.getCount(); i++) {
            Body alt = new Body();
            walk(multipart.getBodyPart(i), alt, problems, depth + 1);
            if (alt.text.length() > 0) {
                best.text.setLength(0);
                best.text.append(alt.text);
            }
            if (alt.html.length() > 0) {
                best.html.setLength(0);
                best.html.append(alt.html);
            }
            best.attachments.addAll(alt.attachments);
        }
        appendBlock(body.text, best.text.toString());
        body.html.append(best.html);
        body.attachments.addAll(best.attachments);
    }

    private static void appendBlock(StringBuilder to, String text) {
        if (text.isBlank()) {
            return;
        }
        if (to.length() > 0) {
            to.append("\n\n");
        }
        to.append(text);
    }

    private static void attach(Part part, Body body, List<String> problems) throws MessagingException {
        String type = contentType(part, problems);
        String name = filename(part);
        if (name == null && type.startsWith("message/rfc822")) {
            name = "message.eml";
        }
        String contentId = part instanceof MimePart mp && mp.getContentID() != null
                ? mp.getContentID().replaceAll("^\\s*<|>\\s*$", "") : null;
        String bare = type.contains(";") ? type.substring(0, type.indexOf(';')).strip() : type.strip();
        body.attachments.add(new InboundMessage.Attachment(name, bare.isEmpty() ? "application/octet-stream" : bare, contentId,
                bytes(part, problems)));
    }

    private static byte[] bytes(Part part, List<String> problems) throws MessagingException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException | MessagingException | RuntimeException e) {
            if (part instanceof jakarta.mail.internet.MimeBodyPart mbp) {
                try (InputStream in = mbp.getRawInputStream()) {
                    problems.add("A part's transfer encoding could not be decoded (" + e.getMessage() + "); kept as sent");
                    return in.readAllBytes();
                } catch (IOException ignored) {
                    // fall through
                }
            }
            problems.add("A part could not be read: " + e.getMessage());
            return new byte[0];
        }
    }

    private static String text(Part part, List<String> problems) throws MessagingException {
        byte[] bytes = bytes(part, problems);
        return decode(bytes, charset(part));
    }

    private static Charset charset(Part part) {
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name == null || name.isBlank()) {
                return StandardCharsets.UTF_8;
            }
            String cleaned = name.strip().replaceAll("^[\"']|[\"']$", "");
            return Charset.forName(MimeUtility.javaCharset(cleaned));
        } catch (Exception e) {
            return WINDOWS_1252;
        }
    }

    /** Decodes as {@code charset}; bytes that are not valid UTF-8 when UTF-8 was assumed are read as Windows-1252. */
    static String decode(byte[] bytes, Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                return new String(bytes, WINDOWS_1252);
            }
        }
        return new String(bytes, charset);
    }

    private static String contentType(Part part, List<String> problems) {
        try {
            String type = part.getContentType();
            return type == null ? "text/plain" : type.toLowerCase(Locale.ROOT).strip();
        } catch (MessagingException e) {
            problems.add("Unreadable Content-Type, read as text/plain");
            return "text/plain";
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException | RuntimeException e) {
            try {
                String[] raw = part.getHeader("Content-Disposition");
                return raw != null && raw.length > 0 && raw[0].strip().toLowerCase(Locale.ROOT).startsWith("attachment") ? Part.ATTACHMENT : null;
            } catch (MessagingException ignored) {
                return null;
            }
        }
    }

    private static final Pattern NAME_PARAMETER = Pattern.compile("name\\*?\\s*=\\s*\"?([^\";\\r\\n]+)\"?", Pattern.CASE_INSENSITIVE);

    private static String filename(Part part) {
        String name;
        try {
            name = part.getFileName();
        } catch (MessagingException | RuntimeException e) {
            name = null;
        }
        if (name == null && part instanceof MimePart mp) {
            for (String header : List.of("Content-Disposition", "Content-Type")) {
                try {
                    String value = mp.getHeader(header, null);
                    Matcher m = value == null ? null : NAME_PARAMETER.matcher(value);
                    if (m != null && m.find()) {
                        name = m.group(1).strip();
                        break;
                    }
                } catch (MessagingException ignored) {
                    // try the next header
                }
            }
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        return name.contains("=?") ? decodeWords(name) : utf8(name);
    }

    /** @return {@code s} read again as UTF-8 when it is UTF-8 bytes that were read as ISO-8859-1 (raw 8-bit headers) */
    static String utf8(String s) {
        if (s.chars().allMatch(c -> c < 128) || s.chars().anyMatch(c -> c > 255)) {
            return s;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return s;
        }
    }

    private static String header(MimeMessage mime, String name) {
        try {
            return mime.getHeader(name, " ");
        } catch (MessagingException e) {
            return null;
        }
    }

    /** @return the {@code <id>}s of a Message-ID, In-Reply-To or References header, without brackets */
    static List<String> ids(String header) {
        if (header == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(header);
        while (m.find()) {
            out.add(m.group(1));
        }
        if (out.isEmpty() && !header.isBlank() && !header.strip().contains(" ")) {
            out.add(header.strip());
        }
        return out;
    }

    private static String subject(MimeMessage mime) {
        String raw = header(mime, "Subject");
        if (raw == null) {
            return null;
        }
        String unfolded = raw.replaceAll("\\r?\\n[ \\t]", " ");
        return clean(decodeWords(unfolded));
    }

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");

    private static String decodeWords(String s) {
        String decoded;
        try {
            decoded = MimeUtility.decodeText(s);
        } catch (IOException | RuntimeException e) {
            decoded = s;
        }
        if (!decoded.contains("=?")) {
            return decoded;
        }
        // encoded words with a charset the JDK does not know (=?NONE?B?…?=): decode the bytes as UTF-8 or Windows-1252
        Matcher m = ENCODED_WORD.matcher(decoded);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            try {
                byte[] bytes = m.group(2).equalsIgnoreCase("B") ? java.util.Base64.getMimeDecoder().decode(m.group(3).replace("=", ""))
                        : MimeUtility.decodeWord("=?UTF-8?Q?" + m.group(3) + "?=").getBytes(StandardCharsets.UTF_8);
                replacement = decode(bytes, StandardCharsets.UTF_8);
            } catch (IOException | MessagingException | RuntimeException e) {
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().filter(cp -> cp == '\t' || !Character.isISOControl(cp)).forEach(out::appendCodePoint);
        return out.toString().strip();
    }

    private static InboundMessage.Sender sender(MimeMessage mime) {
        for (String name : List.of("From", "Sender", "Reply-To", "Return-Path")) {
            String raw = header(mime, name);
            if (raw == null || raw.isBlank() || raw.strip().equals("<>")) {
                continue;
            }
            try {
                InternetAddress[] parsed = InternetAddress.parseHeader(raw, false);
                for (InternetAddress a : parsed) {
                    if (a.getAddress() != null && a.getAddress().contains("@")) {
                        String personal = a.getPersonal();
                        // RFC 5322 §3.2.2 comments and folding whitespace inside the address are not part of it
                        String address = a.getAddress().replaceAll("\\([^)]*\\)", "").replaceAll("\\s*([.@])\\s*", "$1").strip();
                        if (address.contains(" ")) {
                            throw new AddressException("display name without angle brackets");
                        }
                        return new InboundMessage.Sender(personal == null || personal.isBlank() ? null : clean(personal),
                                address.toLowerCase(Locale.ROOT));
                    }
                }
            } catch (AddressException | RuntimeException e) {
                Matcher m = Pattern.compile("[^\\s<>\"',;:]+@[^\\s<>\"',;:]+\\.[A-Za-z]{2,}").matcher(raw);
                if (m.find()) {
                    String display = clean(raw.substring(0, m.start()).replaceAll("[<>\"]", ""));
                    return new InboundMessage.Sender(display.isEmpty() ? null : display, m.group().toLowerCase(Locale.ROOT));
                }
            }
        }
        return new InboundMessage.Sender(null, null);
    }

    private static List<String> recipients(MimeMessage mime) {
        List<String> out = new ArrayList<>();
        for (String name : List.of("To", "Cc")) {
            String raw = header(mime, name);
            if (raw == null) {
                continue;
            }
            try {
                for (Address a : InternetAddress.parseHeader(raw, false)) {
                    if (a instanceof InternetAddress ia && ia.getAddress() != null && !ia.getAddress().isBlank()) {
                        out.add(ia.getAddress().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (AddressException | RuntimeException ignored) {
                // an unreadable recipient list costs nothing: the shopper is the sender
            }
        }
        return out;
    }

    private static Instant sentAt(MimeMessage mime, Instant fallback) {
        try {
            java.util.Date date = mime.getSentDate();
            if (date == null) {
                return fallback;
            }
            Instant at = date.toInstant();
            // a date from before email existed or far in the future is a broken header, not a fact
            return at.isBefore(Instant.parse("1980-01-01T00:00:00Z")) || at.isAfter(fallback.plusSeconds(86_400 * 2)) ? fallback : at;
        } catch (MessagingException | RuntimeException e) {
            return fallback;
        }
    }

    /**
     * RFC 3834 ({@code Auto-Submitted} other than {@code no}), RFC 6522 delivery reports
     * ({@code multipart/report}), {@code Precedence: bulk|junk|list|auto_reply}, and the
     * {@code X-Autoreply}/{@code X-Autorespond} headers of common autoresponders, or a sender that is
     * the mail system itself.
     */
    private static boolean automatic(MimeMessage mime) {
        String auto = header(mime, "Auto-Submitted");
        if (auto != null && !auto.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        String type = header(mime, "Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).contains("multipart/report")) {
            return true;
        }
        String precedence = header(mime, "Precedence");
        if (precedence != null && precedence.toLowerCase(Locale.ROOT).matches("\\s*(bulk|junk|list|auto_reply).*")) {
            return true;
        }
        if (header(mime, "X-Autoreply") != null || header(mime, "X-Autorespond") != null) {
            return true;
        }
        String from = header(mime, "From");
        return from != null && from.toLowerCase(Locale.ROOT).matches(".*\\b(mailer-daemon|postmaster)@.*");
    }
}
