package dev.handoff.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook URLs and mail hosts reach public addresses only; failures never show what the target said. */
class OutboundRequestsTest {

    private static final Api API = TestApp.api();

    @Test
    void internalAddressesInEveryFormAreNotPublic() throws Exception {
        for (String a : List.of("127.0.0.1", "127.1.2.3", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "100.100.100.200", "198.18.0.1", "224.0.0.1", "255.255.255.255", "::1", "::",
                "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
                "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:a9fe:a9fe::1", "2130706433", "0x7f.1", "ff02::1")) {
            InetAddress address;
            try {
                address = InetAddress.getByName(a);
            } catch (UnknownHostException e) {
                continue; // a form this JVM does not read as an address is not connected to either
            }
            assertFalse(OutboundAddresses.isPublic(address), a + " -> " + address);
        }
        for (String a : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e",
                "::ffff:8.8.8.8", "2002:808:808::1")) {
            assertTrue(OutboundAddresses.isPublic(InetAddress.getByName(a)), a);
        }
    }

    @Test
    void webhookUrlsMustBeHttpsToPublicHosts() {
        String store = API.createStore("Outbound").id();
        for (String url : List.of("http://example.com/hook", "https://localhost/", "https://[::1]:8080/", "https://0x7f000001/",
                "https://2130706433/", "https://169.254.169.254/latest/meta-data/", "https://10.0.0.5/", "https://[::ffff:127.0.0.1]/",
                "https://[fd00:ec2::254]/", "https://user:pw@example.com/", "ftp://example.com/", "https://127.1/",
                "https://no-such-host.invalid/")) {
            Api.Res r = API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("slackWebhookUrl", url));
            assertEquals(400, r.status(), url + " " + r.raw());
            assertTrue(r.contentType().startsWith("application/problem+json"));
        }
        assertTrue(API.admin("GET", "/api/stores/" + store + "/settings", null).body().get("slackWebhookUrl").isNull());
    }

    @Test
    void aMailHostMustBePublicUnlessTheOperatorAllowsPrivateOnes() throws Exception {
        OutboundAddresses strict = new OutboundAddresses(List.of(), false);
        for (String host : List.of("127.0.0.1", "localhost", "10.0.0.1", "169.254.169.254", "::1", "2130706433")) {
            assertThrows(UnknownHostException.class, () -> strict.checkMailHost(host), host);
        }
        new OutboundAddresses(List.of(), true).checkMailHost("127.0.0.1");
        assertThrows(UnknownHostException.class, () -> strict.dns().lookup("localhost"), "the webhook client's resolver refuses it too");
    }

    @Test
    void webhookFailuresRecordTheStatusOnlyAndFollowNoRedirects() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/secret", exchange -> {
            byte[] body = "{\"internal\":\"admin-password-123\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        try {
            for (String path : List.of("/secret", "/redirect")) {
                String store = API.createStore("Hook " + path).id();
                String hook = "http://127.0.0.1:" + server.getAddress().getPort() + path;
                assertEquals(200, API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("slackWebhookUrl", hook)).status());
                String widgetKey = API.admin("GET", "/api/stores", null).body().findParents("id").stream()
                        .filter(s -> s.get("id").asText().equals(store)).findFirst().orElseThrow().get("widgetKey").asText();
                Api.Visitor v = API.startConversation(widgetKey, null, null);
                API.say(v, "I want to talk to a real person " + UUID.randomUUID());
                JsonNode list = Api.await(() -> API.admin("GET", "/api/stores/" + store + "/notifications", null).body(),
                        n -> n.findValues("lastError").stream().anyMatch(e -> !e.isNull()));
                for (JsonNode n : list) {
                    if (n.get("channel").asText().equals("slack") && !n.get("lastError").isNull()) {
                        String error = n.get("lastError").asText();
                        assertEquals(path.equals("/secret") ? "webhook answered HTTP 401" : "webhook answered HTTP 302", error);
                    }
                }
            }
        } finally {
            server.stop(0);
        }
    }
}
