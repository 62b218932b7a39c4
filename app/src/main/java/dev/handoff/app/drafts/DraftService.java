package dev.handoff.app.drafts;

import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.ConversationTriage;
import dev.handoff.app.conversation.EmailMessages;
import dev.handoff.app.conversation.MessageAppender;
import dev.handoff.app.conversation.EmailRecord;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.conversation.MessageView;
import dev.handoff.app.conversation.NewMessage;
import dev.handoff.app.platform.Problems;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The assistant's replies and the drafts review queue. On the widget a reply is sent at once; on an
 * email conversation it becomes a {@link Draft} ({@code pending}), also saved in the mailbox's own
 * Drafts, and waits for an agent to edit, approve (it is then sent through the channel, threaded) or
 * discard it. Approval is a compare-and-set on the draft's status, so two agents approving at once
 * send it exactly once (the second gets 409).
 */
@Singleton
public class DraftService {

    private final DraftRepository drafts;
    private final ConversationLookup lookup;
    private final MessageAppender appender;
    private final EmailMessages emailMessages;
    private final ConversationTriage triage;
    private final EmailDelivery delivery;
    private final DraftGraduation graduation;
    private final ApplicationEventPublisher<DraftApproved> approved;
    private final Clock clock;

    DraftService(DraftRepository drafts, ConversationLookup lookup, MessageAppender appender, EmailMessages emailMessages,
                 ConversationTriage triage, EmailDelivery delivery, DraftGraduation graduation,
                 ApplicationEventPublisher<DraftApproved> approved, Clock clock) {
        this.drafts = drafts;
        this.lookup = lookup;
        this.appender = appender;
        this.emailMessages = emailMessages;
        this.triage = triage;
        this.delivery = delivery;
        this.graduation = graduation;
        this.approved = approved;
        this.clock = clock;
    }

    /**
     * Replies as the assistant, in the caller's transaction: appended and sent at once on the widget,
     * drafted for review on email, or sent at once on email when the store lets this kind of draft go out without
     * review ({@link DraftGraduation}).
     *
     * @return the draft (already approved when it went out by itself), or empty when the reply was sent on the widget
     */
    @Transactional
    public Optional<Draft> reply(Conversation conversation, NewMessage reply) {
        if (!EmailDelivery.isEmail(conversation)) {
            appender.append(conversation, reply);
            return Optional.empty();
        }
        Instant now = clock.instant();
        UUID answered = emailMessages.lastInboundEmail(conversation.id()).map(EmailRecord::messageId).orElse(null);
        String cited = reply.citedFaqIds().stream().map(UUID::toString).collect(Collectors.joining(","));
        Draft d = drafts.save(new Draft(UUID.randomUUID(), conversation.storeId(), conversation.id(), answered, "assistant", Draft.PENDING,
                reply.text(), reply.text(), reply.source(), cited, reply.orderNumber(), null, null, null, null, now, now));
        if (graduation.autoSends(conversation.storeId(), DraftGraduation.kindOf(d.source(), d.citedFaqIds()))) {
            // a kind the store lets go out by itself: sent at once, recorded as a draft approved by nobody
            drafts.transition(d.id(), conversation.storeId(), Draft.PENDING, Draft.APPROVED, null, d.body(), now);
            send(conversation, d, d.body(), true);
            graduation.markAutoSent(d.id());
            return drafts.findById(d.id());
        }
        delivery.syncProviderDraft(d.id());
        countPending(conversation.id());
        return Optional.of(d);
    }

    /**
     * @param status         {@code pending|approved|sent|discarded|superseded}, or {@code null} for all
     * @param conversationId only this conversation's drafts (the conversation view shows its pending ones), or
     *                       {@code null} for the whole store's
     * @param limit          1 to 500
     * @return the store's drafts, oldest first (the review order), each with the email it answers
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for an unknown status or a limit out of range, 404 when
     *         the conversation is not the store's
     */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public List<DraftView> list(UUID storeId, @Nullable String status, @Nullable UUID conversationId, int limit) {
        if (status != null && !List.of(Draft.PENDING, Draft.APPROVED, Draft.SENT, Draft.DISCARDED, Draft.SUPERSEDED).contains(status)) {
            throw Problems.badRequest("status must be pending, approved, sent, discarded or superseded");
        }
        if (limit < 1 || limit > 500) {
            throw Problems.badRequest("limit must be 1 to 500");
        }
        if (conversationId != null) {
            lookup.require(storeId, conversationId);
        }
        return drafts.list(storeId, status, conversationId, limit).stream().map(this::view).toList();
    }

    /** @return the store's draft; 404 problem when unknown */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public DraftView get(UUID storeId, UUID draftId) {
        return view(require(storeId, draftId));
    }

    /**
     * Replaces a pending draft's text (the copy in the mailbox's Drafts follows).
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for an empty or oversized body, 404, 409 when no longer pending
     */
    @Transactional
    public DraftView edit(UUID storeId, UUID draftId, String body) {
        Draft d = lockedConversationOf(storeId, draftId);
        String text = checked(body);
        if (drafts.transition(d.id(), storeId, Draft.PENDING, Draft.PENDING, null, text, clock.instant()) == 0) {
            throw Problems.conflict("The draft is " + d.status() + "; only pending drafts can be edited");
        }
        delivery.syncProviderDraft(d.id());
        return view(require(storeId, draftId));
    }

    /**
     * Approves a pending draft (optionally with a final edit) and sends it through the conversation's
     * channel: the reply is stored as the assistant's message and delivered by the {@code send-email} job. The approval is
     * the agent acting on the conversation, as a reply by hand is: {@link DraftApproved} is published in the transaction
     * (its ticket, when {@code new}, becomes {@code open}).
     *
     * @param body the final text, or {@code null} to send the draft as it stands
     * @throws io.micronaut.http.exceptions.HttpStatusException 404, 409 when it was approved, discarded or withdrawn
     *         ({@link StaleDrafts}) already
     */
    @Transactional
    public DraftView approve(UUID storeId, UUID draftId, UUID agentId, @Nullable String body) {
        Draft d = lockedConversationOf(storeId, draftId);
        String text = body == null ? d.body() : checked(body);
        if (drafts.transition(d.id(), storeId, Draft.PENDING, Draft.APPROVED, agentId, text, clock.instant()) == 0) {
            throw Problems.conflict(stale(require(storeId, draftId)));
        }
        graduation.reviewed(d, text);
        send(lookup.require(storeId, d.conversationId()), d, text, false);
        approved.publishEvent(new DraftApproved(storeId, d.conversationId(), d.id(), agentId));
        return view(require(storeId, draftId));
    }

    /**
     * Stores an approved draft as the assistant's message and queues its delivery.
     *
     * @param auto whether it goes out without review (the message is marked auto-sent in the thread and analytics)
     */
    private void send(Conversation c, Draft d, String text, boolean auto) {
        List<UUID> cited = d.citedFaqIds().isBlank() ? List.of() : Arrays.stream(d.citedFaqIds().split(",")).map(UUID::fromString).toList();
        NewMessage reply = new NewMessage(Author.assistant, null, text, null, null, "draft:" + d.id(), d.source(), cited, d.orderNumber(),
                null, auto);
        Message sent = appender.append(c, reply).message();
        drafts.setSentMessage(d.id(), sent.id());
        delivery.queue(c, sent.id());
        countPending(c.id());
    }

    /**
     * Discards a pending draft (its copy in the mailbox's Drafts is deleted).
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404, 409 when no longer pending
     */
    @Transactional
    public DraftView discard(UUID storeId, UUID draftId, UUID agentId) {
        Draft d = lockedConversationOf(storeId, draftId);
        if (drafts.transition(d.id(), storeId, Draft.PENDING, Draft.DISCARDED, agentId, d.body(), clock.instant()) == 0) {
            throw Problems.conflict(stale(require(storeId, draftId)));
        }
        graduation.reviewed(d, null);
        delivery.syncProviderDraft(d.id());
        countPending(d.conversationId());
        return view(require(storeId, draftId));
    }

    /** @return why a draft no longer waits for review, for a 409 */
    private static String stale(Draft d) {
        return Draft.SUPERSEDED.equals(d.status())
                ? "A person replied in this conversation after the draft was written, so it was withdrawn; nothing was sent"
                : "The draft is " + d.status() + " already; only drafts waiting for review can be approved or discarded";
    }

    /**
     * Withdraws the conversation's drafts still waiting for review: they become {@link Draft#SUPERSEDED} under the
     * agent whose reply by hand overtook them, and their mailbox copies are deleted ({@link StaleDrafts}). Runs in the
     * transaction that stores that reply, which holds the conversation's lock.
     */
    void supersede(UUID conversationId, @Nullable UUID agentId) {
        boolean withdrawn = false;
        for (Draft d : drafts.findByConversationIdOrderByCreatedAt(conversationId)) {
            if (Draft.PENDING.equals(d.status())
                    && drafts.transition(d.id(), d.storeId(), Draft.PENDING, Draft.SUPERSEDED, agentId, d.body(), clock.instant()) == 1) {
                delivery.syncProviderDraft(d.id());
                withdrawn = true;
            }
        }
        if (withdrawn) {
            countPending(conversationId);
        }
    }

    /** Keeps the conversation's count of drafts waiting for review (the inbox filters on it). */
    private void countPending(UUID conversationId) {
        triage.setPendingDrafts(conversationId, (int) drafts.countPending(conversationId));
    }

    /**
     * @return the draft, with its conversation's row locked first: an agent's reply locks the conversation before it
     *         withdraws the conversation's drafts ({@link StaleDrafts}), so a review takes the locks in the same order
     *         and the two cannot deadlock
     */
    private Draft lockedConversationOf(UUID storeId, UUID draftId) {
        lookup.lock(require(storeId, draftId).conversationId());
        return require(storeId, draftId);
    }

    private Draft require(UUID storeId, UUID draftId) {
        return drafts.findByIdAndStoreId(draftId, storeId).orElseThrow(() -> Problems.notFound("Draft"));
    }

    private static String checked(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() || text.length() > MessageAppender.MAX_TEXT) {
            throw Problems.badRequest("Draft body must be 1 to " + MessageAppender.MAX_TEXT + " characters");
        }
        return text;
    }

    private DraftView view(Draft d) {
        MessageView inbound = d.inReplyToMessage() == null ? null
                : lookup.findMessage(d.inReplyToMessage()).map(m -> MessageView.of(m, emailMessages.emailOf(m.id()).orElse(null),
                List.of())).orElse(null);
        Optional<String> delivery = d.sentMessageId() == null ? Optional.empty()
                : emailMessages.emailOf(d.sentMessageId()).map(EmailRecord::deliveryStatus);
        return new DraftView(d.id(), d.conversationId(), d.status(), d.body(), d.originalBody(), !d.body().equals(d.originalBody()),
                d.source() == null ? null : d.source().name(),
                d.citedFaqIds().isBlank() ? List.of() : Arrays.stream(d.citedFaqIds().split(",")).map(UUID::fromString).toList(),
                d.orderNumber(), inbound, d.providerDraftId() != null, d.sentMessageId(), delivery.orElse(null), d.reviewerId(),
                d.lastError(), d.createdAt(), d.updatedAt());
    }

    /**
     * A draft as the review queue shows it.
     *
     * @param id              draft id
     * @param conversationId  its conversation
     * @param status          {@code pending|approved|sent|discarded|superseded}
     * @param body            the reply as it stands
     * @param originalBody    the reply as the assistant wrote it
     * @param edited          whether an agent changed it
     * @param source          {@code order_status|faq|llm}, or {@code null} (escalation notice)
     * @param citedFaqIds     FAQ items it is grounded in
     * @param orderNumber     the order it is about, or {@code null}
     * @param inbound         the shopper's email it answers (text, subject, sender, attachments), or {@code null}
     * @param inMailboxDrafts whether a copy sits in the mailbox's Drafts
     * @param sentMessageId   once approved: the message it became
     * @param deliveryStatus  once approved: {@code queued|sent|failed}
     * @param reviewerId      who approved or discarded it, or whose reply by hand withdrew it ({@code superseded})
     * @param lastError       the last failure keeping the mailbox copy, or {@code null}
     * @param createdAt       when drafted (UTC)
     * @param updatedAt       last change (UTC)
     */
    @Serdeable
    public record DraftView(UUID id, UUID conversationId, String status, String body, String originalBody, boolean edited,
                            @Nullable String source, List<UUID> citedFaqIds, @Nullable String orderNumber, @Nullable MessageView inbound,
                            boolean inMailboxDrafts, @Nullable UUID sentMessageId, @Nullable String deliveryStatus,
                            @Nullable UUID reviewerId, @Nullable String lastError, Instant createdAt, Instant updatedAt) {
    }
}
