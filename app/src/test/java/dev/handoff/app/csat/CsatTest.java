package dev.handoff.app.csat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSAT surveys in the widget and on the public page, bad-rating escalation, and the score. */
class CsatTest {

    private static final Api API = TestApp.api();

    private static String store(String name, boolean escalateOnBadRating) {
        Api.Store s = API.createStore(name);
        API.admin("PATCH", "/api/stores/" + s.id() + "/settings", Map.of("escalateOnBadRating", escalateOnBadRating));
        return s.widgetKey();
    }

    private static Api.Res rate(Api.Visitor v, String rating, String comment) {
        return API.send("POST", "/api/widget/conversations/" + v.conversationId() + "/rating",
                Api.json(comment == null ? Map.of("rating", rating) : Map.of("rating", rating, "comment", comment)), "X-Visitor-Token", v.token());
    }

    private static JsonNode survey(Api.Visitor v) {
        return API.send("GET", "/api/widget/conversations/" + v.conversationId() + "/survey", null, "X-Visitor-Token", v.token()).body();
    }

    private static void resolve(String store, Api.Visitor v) {
        assertEquals(200, API.admin("POST", "/api/stores/" + store + "/conversations/" + v.conversationId() + "/resolve", null).status());
    }

    @Test
    void oneSurveyPerResolutionAndABadRatingReopensAsAHighPriorityTicket() {
        String key = store("CSAT", true);
        String store = API.storeId(key);
        Api.Visitor v = API.startConversation(key, "Kim", "kim@example.com");
        API.say(v, "hello, my order number is #4444");
        API.settled(store, v.conversationId());
        assertFalse(survey(v).get("open").asBoolean(), "no survey before a resolution");
        assertEquals(409, rate(v, "up", null).status());

        resolve(store, v);
        assertTrue(survey(v).get("open").asBoolean());
        assertEquals(400, rate(v, "meh", null).status());
        assertEquals(201, rate(v, "up", null).status());
        assertEquals(409, rate(v, "down", null).status(), "one rating per resolution");
        assertEquals("up", survey(v).get("rating").asText());

        API.say(v, "actually, one more thing");
        API.settled(store, v.conversationId());
        resolve(store, v);
        assertEquals(2, survey(v).get("resolution").asInt());
        assertEquals(201, rate(v, "down", "Still no <b>refund</b> after two weeks").status());
        JsonNode c = API.conversation(store, v.conversationId());
        assertEquals("escalated", c.get("conversation").get("status").asText());
        JsonNode ticket = API.admin("GET", "/api/stores/" + store + "/tickets", null).body().get(0);
        assertEquals("bad_rating", ticket.get("escalationReason").asText());
        assertEquals("high", ticket.get("priority").asText());
        assertTrue(ticket.get("summary").asText().contains("Still no <b>refund</b> after two weeks"), ticket.toString());

        JsonNode score = API.admin("GET", "/api/stores/" + store + "/csat", null).body();
        assertEquals(2, score.get("ratings").asInt());
        assertEquals(0.5, score.get("score").asDouble(), 1e-9);
        assertEquals(0.5, score.get("byChannel").get("widget").asDouble(), 1e-9);
        assertEquals(0.5, score.get("byResolver").get("assistant").asDouble(), 1e-9);
    }

    /** A thumbs-down on a conversation whose ticket is still open keeps what the problem was in the summary, rating after it. */
    @Test
    void aBadRatingAddsToTheOpenTicketsSummaryInsteadOfReplacingIt() {
        String key = store("CSAT ticket", true);
        String store = API.storeId(key);
        Api.Visitor v = API.startConversation(key, "Ada", null);
        API.say(v, "My parcel arrived damaged and the mug is broken, I want to talk to a person");
        API.settled(store, v.conversationId());
        String before = API.admin("GET", "/api/stores/" + store + "/tickets", null).body().get(0).get("summary").asText();
        assertTrue(before.contains("damaged"), before);
        JsonNode first = API.admin("GET", "/api/stores/" + store + "/tickets", null).body().get(0);
        resolve(store, v);
        assertEquals("resolved", API.admin("GET", "/api/stores/" + store + "/tickets/" + first.get("number").asInt(), null).body()
                .get("ticket").get("status").asText(), "resolved with its conversation");

        assertEquals(201, rate(v, "down", "Nobody called me back").status());
        JsonNode tickets = API.admin("GET", "/api/stores/" + store + "/tickets", null).body();
        assertEquals(1, tickets.size(), "the thumbs-down reopens the ticket rather than opening a second: " + tickets);
        JsonNode ticket = tickets.get(0);
        assertEquals(first.get("number").asInt(), ticket.get("number").asInt());
        assertEquals("open", ticket.get("status").asText(), ticket.toString());
        String summary = ticket.get("summary").asText();
        assertTrue(summary.startsWith(before) && summary.endsWith("thumbs-down: \"Nobody called me back\""), summary);
        assertEquals(200, comment(v, Map.of("comment", "Nobody called me back, twice")).status());
        summary = API.admin("GET", "/api/stores/" + store + "/tickets", null).body().get(0).get("summary").asText();
        assertTrue(summary.startsWith(before) && summary.endsWith("thumbs-down: \"Nobody called me back, twice\""), summary);
        assertEquals(1, summary.split("thumbs-down").length - 1, "the comment replaces the rating's line: " + summary);
    }

    private static Api.Res comment(Api.Visitor v, Object body) {
        return API.send("PATCH", "/api/widget/conversations/" + v.conversationId() + "/rating", Api.json(body), "X-Visitor-Token", v.token());
    }

    /** A shopper who rated first can still comment: the comment joins that rating; bad input is a problem and changes nothing. */
    @Test
    void aCommentAfterTheRatingUpdatesThatRating() {
        String key = store("CSAT comment", true);
        String store = API.storeId(key);
        Api.Visitor v = API.startConversation(key, null, null);
        API.say(v, "hello");
        API.settled(store, v.conversationId());
        resolve(store, v);

        Api.Res early = comment(v, Map.of("comment", "before rating"));
        assertEquals(409, early.status(), early.raw());
        assertEquals("application/problem+json", early.contentType());
        assertTrue(early.body().get("detail").asText().contains("rate it first"), early.raw());

        assertEquals(201, rate(v, "down", null).status());
        assertEquals("escalated", API.conversation(store, v.conversationId()).get("conversation").get("status").asText());

        Api.Res blank = comment(v, Map.of("comment", "   "));
        assertEquals(400, blank.status(), blank.raw());
        assertEquals("application/problem+json", blank.contentType());
        assertTrue(blank.body().get("detail").asText().contains("comment is required"), blank.raw());
        Api.Res missing = comment(v, Map.of());
        assertEquals(400, missing.status(), missing.raw());
        assertEquals("application/problem+json", missing.contentType());
        Api.Res tooLong = comment(v, Map.of("comment", "x".repeat(2_001)));
        assertEquals(400, tooLong.status(), tooLong.raw());
        assertTrue(tooLong.body().get("detail").asText().contains("2000"), tooLong.raw());
        Api.Res stranger = API.send("PATCH", "/api/widget/conversations/" + v.conversationId() + "/rating",
                Api.json(Map.of("comment", "not mine")), "X-Visitor-Token", "wrong");
        assertTrue(stranger.status() == 401 || stranger.status() == 404, stranger.raw());

        Api.Res ok = comment(v, Map.of("comment", "  The tracking link never worked  "));
        assertEquals(200, ok.status(), ok.raw());
        assertEquals("down", ok.body().get("rating").asText());
        assertEquals("The tracking link never worked", ok.body().get("comment").asText());
        assertEquals("down", survey(v).get("rating").asText());
        JsonNode score = API.admin("GET", "/api/stores/" + store + "/csat", null).body();
        assertEquals(1, score.get("ratings").asInt(), "the comment joins the rating, no second rating");
        JsonNode ticket = API.admin("GET", "/api/stores/" + store + "/tickets", null).body().get(0);
        assertEquals("bad_rating", ticket.get("escalationReason").asText());
        assertTrue(ticket.get("summary").asText().contains("The tracking link never worked"), ticket.toString());
        assertEquals(409, rate(v, "up", null).status(), "the rating itself is not changed by a second POST");
    }

    @Test
    void theEmailLinkOpensASmallPublicPageThatRecordsTheRating() {
        String key = store("CSAT page", false);
        String store = API.storeId(key);
        Api.Visitor v = API.startConversation(key, null, null);
        API.say(v, "hello");
        API.settled(store, v.conversationId());
        resolve(store, v);
        String token = survey(v).get("token").asText();

        Api.Res page = API.send("GET", "/csat/" + token, null);
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html") && page.raw().contains("<form method=\"post\"")
                && page.raw().contains("name=\"rating\" value=\"down\"") && page.raw().contains("CSAT page"));
        Api.Res thanks = API.send("POST", "/csat/" + token, "rating=down&comment=too+slow", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(200, thanks.status(), thanks.raw());
        assertTrue(thanks.raw().contains("Thank you for your feedback"));
        assertEquals("down", survey(v).get("rating").asText());
        assertEquals("resolved", API.conversation(store, v.conversationId()).get("conversation").get("status").asText(),
                "escalate on bad rating is off for this store");
        assertTrue(API.send("POST", "/csat/" + token, "rating=up", "Content-Type", "application/x-www-form-urlencoded").raw()
                .contains("already rated"));

        Api.Res tampered = API.send("GET", "/csat/" + token.substring(0, token.length() - 2) + "xx", null);
        assertEquals(404, tampered.status());
        assertEquals("application/problem+json", tampered.contentType());
    }
}
