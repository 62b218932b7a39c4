package dev.handoff.app.scratch;

import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

class CloseTimeTest {
    @Test
    void close() throws Exception {
        HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(), Map.of());
        Api api = new Api("http://127.0.0.1:" + app.port(), app);
        String store = api.storeId("demo");
        Api.Visitor v = api.startConversation("demo", null, null);
        api.say(v, "I need to speak to a human right now");
        api.settled(store, v.conversationId());
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(api.base().replace("http://", "ws://") + "/ws/agent/stores/" + store + "?token=" + api.adminToken()),
                        new java.net.http.WebSocket.Listener() { }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        Thread dumper = new Thread(() -> {
            try {
                Thread.sleep(6000);
                Thread.getAllStackTraces().forEach((t, st) -> {
                    System.out.println("THREAD " + t.getName());
                    for (int i = 0; i < Math.min(12, st.length); i++) System.out.println("    " + st[i]);
                });
            } catch (InterruptedException e) { }
        });
        dumper.setDaemon(true);
        long t0 = System.nanoTime();
        dumper.start();
        app.close();
        System.out.println("CLOSED IN " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        dumper.interrupt();
    }
}
