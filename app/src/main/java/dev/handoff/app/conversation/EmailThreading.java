package dev.handoff.app.conversation;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Decides which conversation an inbound email continues, and records why ({@link Threading}).
 *
 * <p>Rules, first match wins, always among the sender's own conversations (two shoppers answering one
 * newsletter never share a conversation):
 * <ol>
 *   <li>{@code provider-thread}: the provider's thread (Gmail threadId, Graph conversationId) of the same mailbox;</li>
 *   <li>{@code in-reply-to}, then {@code references} newest first (RFC 5322 §3.6.4): a stored Message-ID, inbound or
 *       outbound;</li>
 *   <li>{@code subject+participants}: an email that says it is a reply (a {@code Re:}-style prefix, or reply headers
 *       naming messages never stored, as when Outlook rewrites In-Reply-To or the reply answers mail sent outside
 *       Handoff) continues the same sender's conversation in the same mailbox with the same subject, when that
 *       conversation's newest such email is at most {@code handoff.email.subject-window-hours} (default 336 = 14 days)
 *       old when the email arrives;</li>
 *   <li>otherwise {@code new}.</li>
 * </ol>
 * A candidate is turned down when it is another shopper's ({@code different-participants}), bulk or automatic mail
 * such as a newsletter ({@code bulk-sender}; a bulk email is never threaded by subject either), older than the
 * window ({@code too-old}), or when the email's subject is new rather than a reply's ({@code changed-subject}: someone
 * pressed reply to start a new topic).
 */
@Singleton
public class EmailThreading {

    /** Reply and forward prefixes of common mail clients (English, German, Nordic, Dutch, French, Italian, Polish, Turkish). */
    private static final Pattern PREFIX = Pattern.compile(
            "^\\s*(?:(re|aw|sv|vs|antw|odp|ynt|r|fw|fwd|wg|tr|rif|doorst)(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:：]\\s*)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REPLY = Pattern.compile("^\\s*(re|aw|sv|vs|antw|odp|ynt|r)(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:：]",
            Pattern.CASE_INSENSITIVE);

    private final ThreadingRepository threading;
    private final ConversationRepository conversations;
    private final JsonMapper json;
    private final int windowHours;
    private final Clock clock;

    EmailThreading(ThreadingRepository threading, ConversationRepository conversations, JsonMapper json,
                   @Value("${handoff.email.subject-window-hours:336}") int windowHours, Clock clock) {
        this.clock = clock;
        this.threading = threading;
        this.conversations = conversations;
        this.json = json;
        this.windowHours = windowHours;
    }

    /**
     * What threading needs to know about an inbound email.
     *
     * @param storeId          tenant
     * @param accountId        the mailbox it arrived at
     * @param providerThreadId Gmail threadId or Graph conversationId, or {@code null}
     * @param inReplyTo        In-Reply-To ids without angle brackets
     * @param references       References ids, oldest first
     * @param contactId        the sender's contact
     * @param subject          the subject, or {@code null}
     * @param bulk             bulk or automatic mail (Precedence bulk/list, Auto-Submitted, reports)
     */
    public record Inbound(UUID storeId, UUID accountId, @Nullable String providerThreadId, List<String> inReplyTo,
                          List<String> references, UUID contactId, @Nullable String subject, boolean bulk) {
    }

    /**
     * The decision.
     *
     * @param conversation the conversation it continues, or empty when it starts a new one
     * @param threading    why
     */
    public record Placement(Optional<Conversation> conversation, Threading threading) {
    }

    /** @return where the email goes and why; reads only */
    public Placement place(Inbound in) {
        List<Threading.Rejection> rejected = new ArrayList<>();
        Set<UUID> turnedDown = new HashSet<>();
        boolean changedSubject = false;
        // 1. the provider's thread, 2. In-Reply-To, 3. References newest first
        List<Map.Entry<String, ThreadCandidate>> tried = new ArrayList<>();
        if (in.providerThreadId() != null) {
            threading.byProviderThread(in.accountId(), in.providerThreadId()).forEach(c -> tried.add(Map.entry(Threading.PROVIDER_THREAD, c)));
        }
        List<String> wanted = new ArrayList<>(in.inReplyTo());
        List<String> refs = new ArrayList<>(in.references());
        java.util.Collections.reverse(refs);
        wanted.addAll(refs);
        Map<String, List<ThreadCandidate>> byRfc = new HashMap<>();
        if (!wanted.isEmpty()) {
            threading.byRfcIds(in.storeId(), wanted.stream().distinct().toList())
                    .forEach(c -> byRfc.computeIfAbsent(c.rfcMessageId(), k -> new ArrayList<>()).add(c));
        }
        Set<String> seen = new HashSet<>();
        for (String id : in.inReplyTo()) {
            if (seen.add(id)) {
                byRfc.getOrDefault(id, List.of()).forEach(c -> tried.add(Map.entry(Threading.IN_REPLY_TO, c)));
            }
        }
        for (String id : refs) {
            if (seen.add(id)) {
                byRfc.getOrDefault(id, List.of()).forEach(c -> tried.add(Map.entry(Threading.REFERENCES, c)));
            }
        }
        for (Map.Entry<String, ThreadCandidate> t : tried) {
            ThreadCandidate c = t.getValue();
            String reason = null;
            if (c.autoSubmitted()) {
                reason = "bulk-sender";
            } else if (!c.contactId().equals(in.contactId())) {
                reason = "different-participants";
            } else if (isNewSubject(in.subject(), c.subject())) {
                reason = "changed-subject";
                changedSubject = true;
            }
            if (reason == null) {
                Optional<Conversation> found = conversations.findById(c.conversationId());
                if (found.isPresent()) {
                    return new Placement(found, new Threading(t.getKey(), c.messageId(), null, rejected));
                }
            } else if (turnedDown.add(c.conversationId())) {
                rejected.add(new Threading.Rejection(c.conversationId(), c.messageId(), reason));
            }
        }
        // 4. same subject, same sender and mailbox, within the window: only for an email that says it is a reply
        String topic = normalise(in.subject());
        boolean claimsReply = in.subject() != null && REPLY.matcher(in.subject()).find() || !wanted.isEmpty();
        if (changedSubject || topic.isEmpty() || !claimsReply) {
            return new Placement(Optional.empty(), new Threading(Threading.NEW, null, null, rejected));
        }
        Map<UUID, ThreadCandidate> newestPerConversation = new LinkedHashMap<>();
        for (ThreadCandidate c : threading.byParticipants(in.contactId(), in.accountId())) {
            if (topic.equals(normalise(c.subject()))) {
                newestPerConversation.putIfAbsent(c.conversationId(), c);
            }
        }
        Instant oldest = clock.instant().minus(Duration.ofHours(windowHours));
        for (ThreadCandidate c : newestPerConversation.values()) {
            String reason = in.bulk() || c.autoSubmitted() ? "bulk-sender" : c.createdAt().isBefore(oldest) ? "too-old" : null;
            if (reason == null) {
                Optional<Conversation> found = conversations.findById(c.conversationId());
                if (found.isPresent()) {
                    return new Placement(found, new Threading(Threading.SUBJECT, c.messageId(), windowHours, rejected));
                }
            } else if (turnedDown.add(c.conversationId())) {
                rejected.add(new Threading.Rejection(c.conversationId(), c.messageId(), reason));
            }
        }
        return new Placement(Optional.empty(), new Threading(Threading.NEW, null, windowHours, rejected));
    }

    /** Stores the decision for an email message (in the caller's transaction). */
    public void record(Message message, Threading decision) {
        try {
            threading.insert(message.id(), message.storeId(), decision.rule(), decision.matchedMessageId(), decision.windowHours(),
                    json.writeValueAsString(decision.rejected()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the recorded decisions of a conversation's inbound emails, keyed by message id */
    public Map<UUID, Threading> ofConversation(UUID conversationId) {
        Map<UUID, Threading> out = new HashMap<>();
        for (ThreadingRepository.Row r : threading.ofConversation(conversationId)) {
            try {
                List<Threading.Rejection> rejected = Arrays.asList(json.readValue(r.rejected(), Threading.Rejection[].class));
                out.put(r.messageId(), new Threading(r.rule(), r.matchedMessageId(), r.windowHours(), rejected));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * @return the subject without reply/forward prefixes, whitespace collapsed, lower case; {@code ""} for none
     */
    public static String normalise(@Nullable String subject) {
        if (subject == null) {
            return "";
        }
        return PREFIX.matcher(subject).replaceFirst("").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    /** @return whether {@code subject} starts a new topic against the candidate's: no reply prefix and different words */
    static boolean isNewSubject(@Nullable String subject, @Nullable String candidate) {
        String mine = normalise(subject);
        String theirs = normalise(candidate);
        if (mine.isEmpty() || theirs.isEmpty() || mine.equals(theirs)) {
            return false;
        }
        return !PREFIX.matcher(subject).find();
    }
}
