package dev.handoff.app.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Store settings, business hours, auto-close and canned responses, through the API. */
class AutomationTest {

    private static final Api API = TestApp.api();

    /** @return a new store with one FAQ item about shipping to the UK */
    private static Api.Store storeWithFaq(String name) {
        Api.Store store = API.createStore(name);
        API.importFaq(store.id(), List.of(Map.of("category", "Shipping",
                "question", "Do you ship to the UK?", "answer", "Yes, we ship to the UK in 3 to 5 business days.")));
        return store;
    }

    private static JsonNode settings(String store, Object patch) {
        return API.admin("PATCH", "/api/stores/" + store + "/settings", patch).body();
    }

    private static JsonNode messages(String store, String conversationId) {
        return API.settled(store, conversationId).get("messages");
    }

    @Test
    void settingsHaveDefaultsTakePartialUpdatesAndRefuseNonsense() {
        String store = storeWithFaq("Settings").id();
        JsonNode defaults = API.admin("GET", "/api/stores/" + store + "/settings", null).body();
        assertEquals("PT24H", defaults.get("autoCloseAfter").asText());
        assertTrue(defaults.get("escalateOnBadRating").asBoolean() && defaults.get("aiEnabled").asBoolean());
        assertEquals("UTC", defaults.get("timeZone").asText());

        JsonNode changed = settings(store, Map.of("autoCloseAfter", "PT30M", "timeZone", "Europe/Berlin"));
        assertEquals("PT30M", changed.get("autoCloseAfter").asText());
        assertEquals("Europe/Berlin", changed.get("timeZone").asText());
        assertTrue(changed.get("aiEnabled").asBoolean(), "untouched fields stay");
        for (Object bad : List.of(Map.of("autoCloseAfter", "30 minutes"), Map.of("autoCloseAfter", "PT10S"), Map.of("timeZone", "Mars/Base"),
                Map.of("businessHours", Map.of("days", Map.of("funday", List.of(Map.of("open", "09:00", "close", "17:00"))))),
                Map.of("businessHours", Map.of("days", Map.of("monday", List.of(Map.of("open", "17:00", "close", "09:00"))))))) {
            Api.Res r = API.admin("PATCH", "/api/stores/" + store + "/settings", bad);
            assertEquals(400, r.status(), bad + " -> " + r.raw());
            assertEquals("application/problem+json", r.contentType());
        }
        Api.Res inverted = API.admin("PATCH", "/api/stores/" + store + "/settings",
                Map.of("businessHours", Map.of("days", Map.of("tuesday", List.of(Map.of("open", "21:00", "close", "17:00"))))));
        assertEquals("Business hours on Tuesday: open must be before close", inverted.body().get("detail").asText(),
                "the day is named as the form shows it");
    }

    @Test
    void outsideBusinessHoursTheWidgetSaysWhenSomeoneAnswersAndTheAssistantCanStaySilent() {
        Api.Store store = storeWithFaq("Closed today");
        String id = store.id();
        String key = store.widgetKey();
        DayOfWeek tomorrow = Instant.now().atZone(ZoneOffset.UTC).getDayOfWeek().plus(1);
        settings(id, Map.of("businessHours", Map.of("days", Map.of(tomorrow.name().toLowerCase(Locale.ROOT),
                List.of(Map.of("open", "09:00", "close", "10:00")))), "aiOutsideBusinessHours", false,
                "offlineMessage", "Back tomorrow at nine!"));

        JsonNode config = API.send("GET", "/api/widget/" + key + "/config", null).body();
        assertFalse(config.get("open").asBoolean());
        assertEquals("Back tomorrow at nine!", config.get("offlineMessage").asText());
        String expected = tomorrow.name().charAt(0) + tomorrow.name().substring(1).toLowerCase(Locale.ROOT) + " at 09:00 (UTC)";
        assertEquals(expected, config.get("nextOpening").asText());
        // when the team is back is said once, in the header, as a shopper would say it; the banner is the store's own message
        assertEquals("The team is away; back tomorrow at 09:00 (UTC).", config.get("usualReply").asText());
        assertFalse(config.has("expectedResponse"), config.toString());

        Api.Visitor v = API.startConversation(key, null, null);
        API.say(v, "do you ship to the UK?");
        JsonNode thread = messages(id, v.conversationId());
        assertEquals(1, thread.size(), "the assistant stays silent outside business hours: " + thread);

        API.say(v, "I want to talk to a real person");
        JsonNode escalated = messages(id, v.conversationId());
        String notice = escalated.get(escalated.size() - 1).get("text").asText();
        assertTrue(notice.contains("when we open tomorrow at 09:00 (UTC)."), notice);
        assertEquals("The team is away; back tomorrow at 09:00 (UTC).",
                API.send("GET", "/api/widget/conversations/" + v.conversationId(), null, "X-Visitor-Token", v.token()).body().get("expectedReply").asText());

        settings(id, Map.of("aiOutsideBusinessHours", true));
        Api.Visitor again = API.startConversation(key, null, null);
        API.say(again, "do you ship to the UK?");
        assertEquals("faq", messages(id, again.conversationId()).get(1).get("source").asText());
        settings(id, Map.of("aiEnabled", false));
        Api.Visitor off = API.startConversation(key, null, null);
        API.say(off, "do you ship to the UK?");
        assertEquals(1, messages(id, off.conversationId()).size(), "AI switched off");
    }

    @Test
    void theNextOpeningIsSaidAsAShopperWouldSayIt() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZonedDateTime tuesdayNine = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, berlin);
        Instant tuesdayEarly = tuesdayNine.minusHours(2).toInstant();
        assertEquals("today", Notices.day("en", tuesdayNine, tuesdayEarly));
        assertEquals("We're closed right now; a person will reply here when we open today at 09:00 (Europe/Berlin).",
                Notices.expectedResponse("en", false, tuesdayNine, tuesdayEarly));
        // 23:30 UTC on Monday is already Tuesday in Berlin: the day is the store's
        assertEquals("today", Notices.day("en", tuesdayNine, Instant.parse("2026-11-30T23:30:00Z")));
        assertEquals("tomorrow", Notices.day("en", tuesdayNine, tuesdayNine.minusDays(1).toInstant()));
        assertEquals("on Tuesday", Notices.day("en", tuesdayNine, tuesdayNine.minusDays(4).toInstant()));
        assertEquals("am Dienstag", Notices.day("de", tuesdayNine, tuesdayNine.minusDays(4).toInstant()));
        assertEquals("mañana", Notices.day("es", tuesdayNine, tuesdayNine.minusDays(1).toInstant()));
        assertEquals("Ahora mismo estamos cerrados; una persona te responderá aquí cuando abramos el martes a las 09:00 (Europe/Berlin).",
                Notices.expectedResponse("es", false, tuesdayNine, tuesdayNine.minusDays(3).toInstant()));
        // a week ahead (a store open one day a week, after closing) the weekday alone would name today
        assertEquals("on Tuesday, December 1, 2026", Notices.day("en", tuesdayNine, tuesdayNine.minusDays(7).plusHours(9).toInstant()));
    }

    @Test
    void idleConversationsCloseOrCancelButEscalatedOnesNever() {
        Api.Store store = storeWithFaq("Auto close");
        String id = store.id();
        String key = store.widgetKey();
        settings(id, Map.of("autoCloseAfter", "PT1M"));
        Api.Visitor chatted = API.startConversation(key, null, null);
        API.say(chatted, "hello");
        Api.Visitor formOnly = API.startConversation(key, "Ola", "ola@example.com");
        Api.Visitor midLookup = API.startConversation(key, null, null);
        API.say(midLookup, "where is my order?");
        Api.Visitor escalated = API.startConversation(key, null, null);
        API.say(escalated, "I want to talk to a real person");
        Api.Visitor otherStore = API.startConversation("demo", null, null);
        API.say(otherStore, "hello");
        for (Api.Visitor v : List.of(chatted, midLookup, escalated)) {
            API.settled(id, v.conversationId());
        }
        API.settled(API.storeId("demo"), otherStore.conversationId());

        int closed = API.app().context().getBean(AutoClose.class).closeIdle(Instant.now().plus(Duration.ofMinutes(2)));
        assertTrue(closed >= 3, "closed " + closed);
        JsonNode resolved = API.conversation(id, chatted.conversationId());
        assertEquals("resolved", resolved.get("conversation").get("status").asText());
        assertEquals("Conversation closed automatically after 1 minute without activity",
                resolved.get("conversation").get("lastMessage").get("text").asText());
        assertEquals("cancelled", API.conversation(id, formOnly.conversationId()).get("conversation").get("status").asText());
        assertEquals("cancelled", API.conversation(id, midLookup.conversationId()).get("conversation").get("status").asText());
        assertEquals("escalated", API.conversation(id, escalated.conversationId()).get("conversation").get("status").asText());
        assertEquals("pending", API.conversation(API.storeId("demo"), otherStore.conversationId()).get("conversation").get("status").asText(),
                "another store's 24 h default is not reached");

        // switched off: an idle conversation stays open (the minute it waited closed the others above)
        assertEquals("off", settings(id, Map.of("autoCloseAfter", "OFF")).get("autoCloseAfter").asText());
        assertEquals("off", API.admin("GET", "/api/stores/" + id + "/settings", null).body().get("autoCloseAfter").asText());
        Api.Visitor waiting = API.startConversation(key, null, null);
        API.say(waiting, "hello again");
        API.settled(id, waiting.conversationId());
        API.app().context().getBean(AutoClose.class).closeIdle(Instant.now().plus(Duration.ofMinutes(2)));
        assertEquals("pending", API.conversation(id, waiting.conversationId()).get("conversation").get("status").asText());
        assertEquals("PT2H", settings(id, Map.of("autoCloseAfter", "PT2H")).get("autoCloseAfter").asText(), "and on again");
    }

    @Test
    void cannedResponsesAreFoundByPrefixAndFilledFromTheConversation() {
        String demo = API.storeId("demo");
        String base = "/api/stores/" + demo + "/canned-responses";
        JsonNode created = API.admin("POST", base, Map.of("shortcut", "/Track", "title", "Tracking link",
                "body", "Hi {{customer.name}}, order {{order.number}} is on its way: {{order.tracking_url}} - {{ agent.name }}")).body();
        assertEquals("track", created.get("shortcut").asText());
        assertEquals(409, API.admin("POST", base, Map.of("shortcut", "track", "title", "Again", "body", "x")).status());
        assertEquals(400, API.admin("POST", base, Map.of("shortcut", "no spaces", "title", "x", "body", "x")).status());
        assertTrue(API.admin("GET", base + "?prefix=/tr", null).body().findValues("shortcut").stream().anyMatch(n -> n.asText().equals("track")));
        assertEquals(0, API.admin("GET", base + "?prefix=zzz", null).body().size());

        Api.Visitor v = API.startConversation("demo", "David Okafor", "david.okafor@example.com");
        API.say(v, "where is my order #1034?");
        API.settled(demo, v.conversationId());
        String render = base + "/" + created.get("id").asText() + "/render";
        String text = API.admin("POST", render, Map.of("conversationId", v.conversationId())).body().get("text").asText();
        assertTrue(text.startsWith("Hi David Okafor, order #1034 is on its way: https://") && text.endsWith(" - Admin"), text);
        assertFalse(text.contains("{{"));

        Api.Visitor noOrder = API.startConversation("demo", null, null);
        API.say(noOrder, "hello");
        Api.Res missing = API.admin("POST", render, Map.of("conversationId", noOrder.conversationId()));
        assertEquals(200, missing.status(), missing.raw());
        assertTrue(missing.body().get("text").asText().startsWith("Hi [customer name], order [order number] is on its way"), missing.raw());
        assertEquals("[customer name]", missing.body().get("gaps").get(0).asText(), missing.raw());
        assertFalse(missing.body().get("text").asText().contains("{{"));

        // a template stored before saving checked its variables still lists, is refused when rendered, and is mended by editing it
        String unknownId = API.app().context().getBean(CannedResponseRepository.class).save(new CannedResponse(java.util.UUID.randomUUID(),
                java.util.UUID.fromString(demo), "coupon", "Coupon", "Use {{coupon.code}}", Instant.now(), Instant.now())).id().toString();
        assertTrue(API.admin("GET", base, null).body().findValues("body").stream().anyMatch(n -> n.asText().equals("Use {{coupon.code}}")));
        Api.Res unknown = API.admin("POST", base + "/" + unknownId + "/render", Map.of("conversationId", v.conversationId()));
        assertEquals(422, unknown.status());
        assertTrue(unknown.body().get("detail").asText().contains("{{coupon.code}}"), unknown.raw());

        assertEquals(200, API.admin("PUT", base + "/" + unknownId, Map.of("shortcut", "coupon", "title", "Coupon", "body", "No code today")).status());
        assertEquals(204, API.admin("DELETE", base + "/" + unknownId, null).status());
        assertEquals(404, API.admin("DELETE", base + "/" + unknownId, null).status());
    }

    @Test
    void aCannedResponseIsEditedInPlaceAndAnUnknownVariableIsRefusedOnSave() {
        String store = API.createStore("Canned Edit Shop").id();
        String base = "/api/stores/" + store + "/canned-responses";
        List<String> variables = new java.util.ArrayList<>();
        API.admin("GET", base + "/variables", null).body().forEach(n -> variables.add(n.asText()));
        assertEquals(List.of("customer.name", "customer.email", "order.number", "order.status", "order.tracking_url", "agent.name"), variables);

        Api.Res refused = API.admin("POST", base, Map.of("shortcut", "coupon", "title", "Coupon",
                "body", "Hi {{customer.name}}, use {{coupon.code}} or {{ coupon.code }} ({{discount}})"));
        assertEquals(422, refused.status(), refused.raw());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        String detail = refused.body().get("detail").asText();
        assertTrue(detail.contains("{{coupon.code}}, {{discount}}"), "names each unknown variable once: " + detail);
        assertFalse(detail.contains("{{customer.name}},{{coupon"), detail);
        for (String known : variables) {
            assertTrue(detail.contains("{{" + known + "}}"), "lists " + known + ": " + detail);
        }
        assertEquals(0, API.admin("GET", base, null).body().size(), "nothing stored");

        JsonNode created = API.admin("POST", base, Map.of("shortcut", "hello", "title", "Hello", "body", "Hi {{ customer.name }}")).body();
        String one = base + "/" + created.get("id").asText();
        JsonNode edited = API.admin("PUT", one, Map.of("shortcut", "/Hi", "title", "Greeting", "body", "Hello {{customer.email}}, {{agent.name}} here")).body();
        assertEquals(created.get("id").asText(), edited.get("id").asText(), "edited in place");
        assertEquals("hi", edited.get("shortcut").asText());
        JsonNode all = API.admin("GET", base, null).body();
        assertEquals(1, all.size(), all.toString());
        assertEquals("Greeting", all.get(0).get("title").asText());
        assertEquals("Hello {{customer.email}}, {{agent.name}} here", all.get(0).get("body").asText());

        Api.Res badEdit = API.admin("PUT", one, Map.of("shortcut", "hi", "title", "Greeting", "body", "Hello {{customer.firstname}}"));
        assertEquals(422, badEdit.status(), badEdit.raw());
        assertTrue(badEdit.contentType().startsWith("application/problem+json"), badEdit.contentType());
        assertTrue(badEdit.body().get("detail").asText().contains("{{customer.firstname}}"), badEdit.raw());
        assertEquals("Hello {{customer.email}}, {{agent.name}} here", API.admin("GET", base, null).body().get(0).get("body").asText(),
                "a refused edit changes nothing");
        Api.Res blank = API.admin("PUT", one, Map.of("shortcut", "hi", "title", "", "body", "x"));
        assertEquals(400, blank.status(), blank.raw());
        assertTrue(blank.contentType().startsWith("application/problem+json"), blank.contentType());
        API.admin("POST", base, Map.of("shortcut", "bye", "title", "Bye", "body", "Bye"));
        assertEquals(409, API.admin("PUT", one, Map.of("shortcut", "bye", "title", "Greeting", "body", "x")).status());
        Api.Res missing = API.admin("PUT", base + "/" + java.util.UUID.randomUUID(), Map.of("shortcut", "zz", "title", "Z", "body", "z"));
        assertEquals(404, missing.status(), missing.raw());
        assertTrue(missing.contentType().startsWith("application/problem+json"), missing.contentType());
    }
}
