package dev.handoff.app.platform;

import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second start on a data directory a running Handoff uses (a double start, an overlapping service restart) is
 * refused, and the running one keeps its database; once it stops, the directory starts again with what it stored.
 */
class DataDirectoryLockTest {

    @Test
    void aSecondStartOnADataDirectoryInUseIsRefusedAndTheRunningAppKeepsItsDatabase() {
        Path dir = TestApp.tempDir();
        String conversation;
        try (HandoffBootstrap.RunningHandoff running = TestApp.start(dir, Map.of())) {
            Api api = new Api("http://127.0.0.1:" + running.port(), running);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TestApp.start(dir, Map.of()).close());
            assertTrue(refused.getMessage().contains("in use by another running Handoff"), refused.getMessage());

            // the running app still has its database: a shopper's message is stored and answered
            Api.Visitor v = api.startConversation("demo", "Sam", null);
            assertEquals(201, api.say(v, "How long does shipping take?").status());
            conversation = v.conversationId();
            assertEquals("faq", api.settled(api.storeId("demo"), conversation).get("messages").get(1).get("source").asText());
        }
        try (HandoffBootstrap.RunningHandoff again = TestApp.start(dir, Map.of())) {
            Api api = new Api("http://127.0.0.1:" + again.port(), again);
            assertEquals(2, api.conversation(api.storeId("demo"), conversation).get("messages").size(), "stopped, the directory starts again");
        }
    }
}
