package dev.handoff.app.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ticket says what happened: the problem decides category and reason (even when the shopper also asks
 * for a person), the assistant asks once for the order number and a photo and files the answers on the
 * ticket, the summary names the problem, the order and the photo, and the inbox row and the ticket show
 * the same sentiment class.
 */
class TicketStoryTest {

    private static Api api;
    private static String store;

    @BeforeAll
    static void start() {
        api = TestApp.api();
        store = api.storeId("demo");
    }

    private JsonNode ticket(Api.Visitor v) {
        return Api.await(() -> api.admin("GET", "/api/stores/" + store + "/tickets/of-conversation/" + v.conversationId(), null).body(),
                t -> t.isArray() && t.size() > 0).get(0);
    }

    private static long assistantMessages(JsonNode thread) {
        long n = 0;
        for (JsonNode m : thread) {
            n += m.get("author").asText().equals("assistant") ? 1 : 0;
        }
        return n;
    }

    @Test
    void aDamagedPackageBecomesADamagedItemTicketWithTheOrderAndThePhotoFiledOnIt() {
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "My package arrived damaged, I want to talk to a person");
        JsonNode settled = api.settled(store, v.conversationId());
        JsonNode t = ticket(v);
        assertEquals("damaged_item", t.get("escalationReason").asText(), t.toString());
        assertEquals("damaged_or_defective", t.get("category").asText());
        JsonNode notice = Api.await(() -> api.thread(v), th -> assistantMessages(th) == 1);
        String asked = notice.get(notice.size() - 1).get("text").asText();
        assertTrue(asked.contains("order number") && asked.contains("photo"), asked);
        assertEquals(t.get("sentiment").asText(), settled.get("conversation").get("sentiment").asText(),
                "the inbox row and the ticket show the same sentiment");

        api.say(v, "It's order 1034");
        JsonNode withOrder = Api.await(() -> ticket(v), x -> "#1034".equals(x.get("orderNumber").asText()));
        String summary = withOrder.get("summary").asText();
        assertTrue(summary.contains("damaged item") && summary.contains("#1034") && !summary.contains("##"), summary);
        JsonNode acked = Api.await(() -> api.thread(v), th -> assistantMessages(th) == 2);
        assertTrue(acked.get(acked.size() - 1).get("text").asText().contains("order #1034"), acked.toString());

        Api.Res photo = api.upload("/api/widget/conversations/" + v.conversationId() + "/attachments", "box.png", "image/png", Api.PNG,
                Map.of("caption", "the box"), "X-Visitor-Token", v.token());
        assertEquals(201, photo.status(), photo.raw());
        JsonNode withPhoto = Api.await(() -> ticket(v), x -> x.get("summary").asText().contains("1 photo"));
        assertTrue(withPhoto.get("summary").asText().contains("#1034"), withPhoto.toString());
        Api.await(() -> api.thread(v), th -> assistantMessages(th) == 3);

        api.say(v, "Any news?");
        api.settled(store, v.conversationId());
        assertEquals(3, assistantMessages(api.thread(v)), "asked once: no more questions or acknowledgements");
        api.say(v, "I want to talk to a real person now");
        api.settled(store, v.conversationId());
        JsonNode still = ticket(v);
        assertEquals("damaged_item", still.get("escalationReason").asText());
        assertTrue(still.get("summary").asText().contains("damaged item"), "a request for a person keeps the problem: " + still);
    }
}
