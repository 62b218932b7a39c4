package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Decides which conversation an inbound email continues. */
@Singleton
public class EmailThreading {

    private final EmailRepository emails;
    private final ConversationRepository conversations;

    EmailThreading(EmailRepository emails, ConversationRepository conversations) {
        this.emails = emails;
        this.conversations = conversations;
    }

    /**
     * Finds the conversation an inbound email continues, among the sender's own conversations only (two
     * shoppers answering the same newsletter never share one): the provider's thread first, then the
     * In-Reply-To ids, then the References ids newest first (RFC 5322 §3.6.4), against every stored
     * Message-ID, inbound and outbound. Never by subject.
     *
     * @return the conversation, or empty when the email starts a new one
     */
    public Optional<Conversation> emailThread(UUID storeId, UUID accountId, @Nullable String providerThreadId, List<String> inReplyTo,
                                             List<String> references, UUID contactId) {
        if (providerThreadId != null) {
            Optional<UUID> byThread = emails.conversationOfThread(accountId, providerThreadId, contactId);
            if (byThread.isPresent()) {
                return conversations.findById(byThread.get());
            }
        }
        List<String> wanted = new ArrayList<>(inReplyTo);
        for (int i = references.size() - 1; i >= 0; i--) {
            wanted.add(references.get(i));
        }
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        Map<String, UUID> found = emails.findByRfcIds(storeId, wanted, contactId).stream()
                .collect(Collectors.toMap(EmailRecord::rfcMessageId, EmailRecord::conversationId, (a, b) -> a));
        return wanted.stream().map(found::get).filter(Objects::nonNull).findFirst().flatMap(conversations::findById);
    }
}
