package dev.handoff.app.csat;

import dev.handoff.app.automation.Notifier;
import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationLifecycle;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.ConversationStatus;
import dev.handoff.app.conversation.Sentiment;
import dev.handoff.app.platform.Problems;
import dev.handoff.app.platform.SecretBox;
import dev.handoff.app.tickets.Escalation;
import dev.handoff.app.tickets.Ticket;
import dev.handoff.app.tickets.TicketService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * CSAT: every resolution of a conversation opens one survey (thumbs up or down, optional comment),
 * answered in the widget or on a small public page whose signed link goes out by email. A thumbs-down
 * with the store's {@code escalateOnBadRating} on reopens the conversation and opens or updates its
 * ticket (priority high, reason {@code bad_rating}, the rating and its comment added to the summary after
 * what the problem was); every thumbs-down notifies the team. The score is the share of thumbs-up among
 * ratings.
 */
@Singleton
public class CsatService {

    /** Longest comment kept, in characters. */
    static final int MAX_COMMENT = 2_000;

    private final RatingRepository ratings;
    private final ConversationLookup lookup;
    private final ConversationLifecycle lifecycle;
    private final TicketService tickets;
    private final SettingsService settings;
    private final SecretBox secrets;
    private final Notifier notifier;
    private final Clock clock;
    private final dev.handoff.app.drafts.EmailDelivery email;
    private final String publicUrl;

    CsatService(RatingRepository ratings, ConversationLookup lookup, ConversationLifecycle lifecycle, TicketService tickets,
                SettingsService settings,
                SecretBox secrets, Notifier notifier, Clock clock, dev.handoff.app.drafts.EmailDelivery email,
                @io.micronaut.context.annotation.Value("${handoff.public-url:`http://localhost:8080`}") String publicUrl) {
        this.email = email;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.notifier = notifier;
        this.ratings = ratings;
        this.lookup = lookup;
        this.lifecycle = lifecycle;
        this.tickets = tickets;
        this.settings = settings;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * The survey of a conversation's latest resolution.
     *
     * @param open       whether it can be answered now (resolved, not yet rated)
     * @param resolution which resolution it belongs to (0: never resolved)
     * @param token      the signed token of the public page {@code /csat/{token}} (the email link)
     * @param rating     the rating given, or {@code null}
     */
    @Serdeable
    public record Survey(boolean open, int resolution, String token, @Nullable String rating) {
    }

    /** @return the survey state of the conversation's latest resolution */
    public Survey survey(Conversation c) {
        Optional<Rating> given = ratings.findByConversationIdAndResolution(c.id(), c.resolutionCount());
        boolean open = c.status() == ConversationStatus.resolved && c.resolutionCount() > 0 && given.isEmpty();
        return new Survey(open, c.resolutionCount(), secrets.sign(c.id() + ":" + c.resolutionCount()), given.map(Rating::rating).orElse(null));
    }

    /**
     * On an email conversation the survey goes out as an email with the link to the public page, in the
     * resolving transaction (the widget shows its survey itself).
     */
    @io.micronaut.runtime.event.annotation.EventListener
    void onResolved(dev.handoff.app.conversation.ConversationResolved event) {
        lookup.find(event.conversationId()).ifPresent(c -> {
            if (!"widget".equals(c.channel())) {
                email.sendSystemEmail(c, "Thanks for contacting us. How did we do? Rate this conversation (one click): "
                        + publicUrl + "/csat/" + survey(c).token());
            }
        });
    }

    /** @return the conversation and resolution a public-page token names; 404 problem for an altered or unknown token */
    public Target target(String token) {
        String payload = secrets.verify(token);
        if (payload == null || payload.indexOf(':') < 0) {
            throw Problems.notFound("Survey");
        }
        try {
            UUID id = UUID.fromString(payload.substring(0, payload.indexOf(':')));
            int resolution = Integer.parseInt(payload.substring(payload.indexOf(':') + 1));
            return new Target(lookup.find(id).orElseThrow(() -> Problems.notFound("Survey")), resolution);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("Survey");
        }
    }

    /** @param conversation the rated conversation @param resolution the resolution rated */
    public record Target(Conversation conversation, int resolution) {
    }

    /**
     * Records a rating of resolution {@code resolution} of a conversation.
     *
     * @param rating  {@code up} or {@code down}
     * @param comment optional, up to 2,000 characters
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for a bad rating value or comment; 409 when
     *         that resolution is not the open survey (not resolved, reopened since, or already rated)
     */
    @Transactional
    public Rating rate(Conversation c, int resolution, String rating, @Nullable String comment) {
        if (!"up".equals(rating) && !"down".equals(rating)) {
            throw Problems.badRequest("rating must be up or down");
        }
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        if (text != null && text.length() > MAX_COMMENT) {
            throw Problems.badRequest("comment is longer than " + MAX_COMMENT + " characters");
        }
        if (c.status() != ConversationStatus.resolved || resolution != c.resolutionCount() || resolution == 0) {
            throw Problems.conflict("There is no open survey for this conversation");
        }
        if (ratings.findByConversationIdAndResolution(c.id(), resolution).isPresent()) {
            throw Problems.conflict("This conversation was already rated");
        }
        String resolvedBy = lookup.messageCount(c.id(), Author.agent) > 0 ? "human" : "assistant";
        Rating saved = ratings.save(new Rating(UUID.randomUUID(), c.storeId(), c.id(), resolution, rating, text, c.channel(),
                c.assigneeId(), resolvedBy, clock.instant()));
        if ("down".equals(rating)) {
            notifier.notify(c.storeId(), "bad_rating", "Bad rating on a " + c.channel() + " conversation",
                    (text == null ? "No comment." : "\"" + text + "\"") + "\n\nConversation " + c.id());
        }
        if ("down".equals(rating) && settings.of(c.storeId()).escalateOnBadRating()) {
            lifecycle.reopen(c);
            tickets.escalate(new Escalation(c.storeId(), c.id(), "bad_rating", Ticket.Priority.high, "general",
                    withRating(c.id(), RATED_DOWN + (text == null ? "." : ": \"" + text + "\"")),
                    tickets.orderNumberFor(c.id()).orElse(null), Sentiment.negative.name()));
            lifecycle.setStatus(c.id(), ConversationStatus.escalated);
        }
        return saved;
    }

    private static final String RATED_DOWN = "Customer rated the conversation thumbs-down";

    /**
     * @return the conversation's open ticket's summary (what the problem was) with {@code rating} as its last paragraph,
     *         in place of an earlier rating's; {@code rating} alone when no ticket is open
     */
    private String withRating(UUID conversationId, String rating) {
        String before = tickets.openSummary(conversationId).map(s -> java.util.Arrays.stream(s.split("\n\n"))
                .filter(p -> !p.startsWith(RATED_DOWN)).collect(java.util.stream.Collectors.joining("\n\n")).strip()).orElse("");
        return before.isEmpty() ? rating : before + "\n\n" + rating;
    }

    /**
     * Adds or replaces the comment of the rating of a conversation's latest resolution: a shopper may rate first and
     * write afterwards, and the comment joins that rating (no second rating). On a thumbs-down the team is notified
     * of the first comment (not of later edits), and with {@code escalateOnBadRating} on the open ticket's summary quotes it, as when the comment
     * comes with the rating.
     *
     * @param comment the comment, up to 2,000 characters (stripped)
     * @return the rating with its comment
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 for a missing, blank or too long comment (the rating
     *         stays as it was); 409 when the latest resolution has no rating yet (rate first)
     */
    @Transactional
    public Rating comment(Conversation c, @Nullable String comment) {
        String text = comment == null ? null : comment.strip();
        if (text == null || text.isEmpty()) {
            throw Problems.badRequest("comment is required: the text to add to the rating (up to " + MAX_COMMENT + " characters)");
        }
        if (text.length() > MAX_COMMENT) {
            throw Problems.badRequest("comment is longer than " + MAX_COMMENT + " characters");
        }
        Rating r = ratings.findByConversationIdAndResolution(c.id(), c.resolutionCount())
                .orElseThrow(() -> Problems.conflict("This conversation has no rating to add a comment to: rate it first"));
        if (text.equals(r.comment())) {
            return r;
        }
        Rating saved = ratings.update(new Rating(r.id(), r.storeId(), r.conversationId(), r.resolution(), r.rating(), text, r.channel(),
                r.agentId(), r.resolvedBy(), r.createdAt()));
        if ("down".equals(r.rating())) {
            if (r.comment() == null) { // the team hears of the first comment; an edit of it only updates the ticket
                notifier.notify(c.storeId(), "bad_rating", "Comment on a bad rating of a " + c.channel() + " conversation",
                        "\"" + text + "\"\n\nConversation " + c.id());
            }
            if (settings.of(c.storeId()).escalateOnBadRating()) {
                tickets.updateOpenSummary(c.id(), withRating(c.id(), RATED_DOWN + ": \"" + text + "\""));
            }
        }
        return saved;
    }

    /**
     * CSAT over a period: share of thumbs-up among ratings, overall and per agent, per channel, and for
     * conversations the assistant resolved alone versus with a human.
     *
     * @param score   share of {@code up} in [0, 1], or {@code null} without ratings
     * @param ratings ratings in the period
     */
    @Serdeable
    public record Score(@Nullable Double score, int ratings, Map<String, Double> byAgent, Map<String, Double> byChannel,
                        Map<String, Double> byResolver) {
    }

    /** @return CSAT of ratings given in [from, to) */
    public Score score(UUID storeId, Instant from, Instant to) {
        List<Rating> all = ratings.findInPeriod(storeId, from, to);
        return new Score(share(all), all.size(),
                groups(all.stream().filter(r -> r.agentId() != null).toList(), r -> r.agentId().toString()),
                groups(all, Rating::channel), groups(all, Rating::resolvedBy));
    }

    private static Map<String, Double> groups(List<Rating> all, Function<Rating, String> key) {
        return all.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> share(e.getValue()), (a, b) -> a, LinkedHashMap::new));
    }

    private static Double share(List<Rating> all) {
        return all.isEmpty() ? null : all.stream().filter(r -> r.rating().equals("up")).count() / (double) all.size();
    }
}
