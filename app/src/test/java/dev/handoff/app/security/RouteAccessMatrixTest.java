package dev.handoff.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.http.MediaType;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every route the router knows, as four callers: anonymous, an admin of another store, an agent of the
 * store and an admin of the store (not an instance admin). The routes are read from Micronaut's
 * {@link Router}, so a route added later is covered without editing this test, and a route without an
 * {@link Access} rule fails it.
 */
class RouteAccessMatrixTest {

    private static final Api API = TestApp.api();
    private static String store;
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();
    private static String agentId;
    private static final String WIDGET_KEY = "demo";

    @BeforeAll
    static void personas() {
        store = API.createStore("Matrix store").id();
        String other = API.createStore("Matrix other store").id();
        TOKENS.put("anonymous", null);
        TOKENS.put("outsider", person(other, "admin"));
        TOKENS.put("agent", person(store, "agent"));
        TOKENS.put("admin", person(store, "admin"));
    }

    /** Creates an agent account with this role in {@code storeId} and signs it in. */
    static String person(String storeId, String role) {
        String email = "m-" + UUID.randomUUID() + "@example.com";
        JsonNode created = API.admin("POST", "/api/agents", Map.of("email", email, "name", "Matrix " + role, "password", "matrix-password-1")).body();
        String id = created.get("id").asText();
        if (role.equals("agent") && storeId.equals(store)) {
            agentId = id;
        }
        assertEquals(204, API.admin("PUT", "/api/stores/" + storeId + "/members/" + id, Map.of("role", role)).status());
        return API.send("POST", "/api/auth/login", Api.json(Map.of("email", email, "password", "matrix-password-1"))).body().get("token").asText();
    }

    private static List<UriRouteInfo<?, ?>> routes() {
        // one per method and path (the router lists some twice); HEAD mirrors GET
        Map<String, UriRouteInfo<?, ?>> unique = new LinkedHashMap<>();
        API.app().context().getBean(Router.class).uriRoutes().filter(r -> !r.getHttpMethodName().equals("HEAD"))
                .forEach(r -> unique.putIfAbsent(r.getHttpMethodName() + " " + r.getUriMatchTemplate(), r));
        List<UriRouteInfo<?, ?>> routes = new ArrayList<>(unique.values());
        // logging out ends the caller's session: last
        routes.sort(Comparator.comparing(r -> r.getUriMatchTemplate().toString().equals("/api/auth/logout")));
        return routes;
    }

    @Test
    void everyRouteHasARule() {
        List<String> missing = routes().stream().filter(r -> AccessFilter.level(r) == null)
                .map(r -> r.getHttpMethodName() + " " + r.getUriMatchTemplate()).toList();
        assertTrue(missing.isEmpty(), "routes without an @Access rule (add one; see security.Access): " + missing);
        assertTrue(routes().size() > 80, "the router lists the application's routes");
    }

    @Test
    void everyRouteAnswersEachCallerAsItsRuleSays() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (UriRouteInfo<?, ?> route : routes()) {
            AccessLevel level = AccessFilter.level(route);
            Map<String, Object> vars = new HashMap<>();
            for (String name : route.getUriMatchTemplate().getVariableNames()) {
                vars.put(name, name.equals("storeId") ? store : name.equals("kind") ? "imap" : UUID.randomUUID().toString());
            }
            String path = route.getUriMatchTemplate().expand(vars);
            if (path.startsWith("/ws/")) {
                continue; // WebSocket upgrades: webSocketsFollowTheRules
            }
            Map<String, Api.Res> answers = new LinkedHashMap<>();
            for (var persona : TOKENS.entrySet()) {
                Api.Res res = call(route, path, persona.getValue());
                answers.put(persona.getKey(), res);
                String problem = expectation(level, persona.getKey(), res, page(route));
                if (problem != null) {
                    wrong.add(route.getHttpMethodName() + " " + path + " [" + level + "] as " + persona.getKey() + ": " + problem
                            + " (got " + res.status() + " " + abbreviate(res.raw()) + ")");
                }
                checked++;
            }
            if (level == AccessLevel.PUBLIC && answers.values().stream().map(Api.Res::status).distinct().count() > 1) {
                wrong.add(route.getHttpMethodName() + " " + path + " [PUBLIC] answers differ by caller: "
                        + answers.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().status()).toList());
            }
        }
        assertTrue(checked > 300, "checked " + checked);
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " wrong answers:\n" + String.join("\n", wrong));
        }
    }

    /**
     * Unknown ids: every route with a path variable, called by the store's admin with random UUIDs (the store
     * itself real), answers 404 problem+json to GET and DELETE naming what was not found, and never a 5xx to
     * any method (a write may refuse its empty body first).
     */
    @Test
    void unknownIdsAnswer404NeverAServerError() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        String admin = person(store, "admin"); // its own session: the matrix logs its personas out
        Api.Visitor visitor = API.startConversation("demo", null, null);
        for (UriRouteInfo<?, ?> route : routes()) {
            // ids only: not the store (real here), the channel kind or a health selector
            List<String> names = route.getUriMatchTemplate().getVariableNames().stream()
                    .filter(n -> !List.of("storeId", "kind", "selector").contains(n)).toList();
            if (names.isEmpty() || route.getUriMatchTemplate().toString().startsWith("/ws/")) {
                continue;
            }
            Map<String, Object> vars = new HashMap<>();
            for (String name : route.getUriMatchTemplate().getVariableNames()) {
                vars.put(name, name.equals("storeId") ? store : name.equals("kind") ? "imap"
                        : name.equals("number") ? String.valueOf(900_000_000 + new java.util.Random().nextInt(1_000_000)) : UUID.randomUUID().toString());
            }
            String path = route.getUriMatchTemplate().expand(vars);
            if (path.startsWith("/api/widget/conversations/") && path.contains("/attachments/")) {
                path += "?token=" + visitor.token(); // read by <img src>: the token travels in the query
            }
            Api.Res res;
            if (path.startsWith("/api/widget/conversations/")) { // a real shopper asking for a conversation that is not theirs
                res = API.send(route.getHttpMethodName(), path, route.getHttpMethodName().equals("GET") ? null : "{}", "X-Visitor-Token", visitor.token());
            } else {
                res = call(route, path, AccessFilter.level(route) == AccessLevel.INSTANCE_ADMIN ? API.adminToken() : admin);
            }
            String method = route.getHttpMethodName();
            boolean read = method.equals("GET") || method.equals("DELETE");
            boolean problem = res.contentType().startsWith("application/problem+json")
                    || (page(route) && res.contentType().startsWith("text/html"));
            if (res.status() >= 500 || (read && (res.status() != 404 || !problem || res.raw().contains("Store not found")))) {
                wrong.add(method + " " + route.getUriMatchTemplate() + ": " + res.status() + " " + abbreviate(res.raw()));
            }
            checked++;
        }
        assertTrue(checked > 40, "checked " + checked);
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " routes answer an unknown id wrongly (expected 404 problem+json):\n" + String.join("\n", wrong));
        }
    }

    /**
     * Paging parameters: every route taking {@code limit} or {@code offset} refuses negative, zero-sized, absurd and
     * non-numeric values with a 400 problem+json naming the parameter, and takes a small valid page.
     */
    @Test
    void pagingParametersAreValidatedEverywhere() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        String admin = person(store, "admin"); // its own session: the matrix logs its personas out
        for (UriRouteInfo<?, ?> route : routes()) {
            List<String> paging = java.util.Arrays.stream(route.getArgumentNames())
                    .filter(n -> n.equals("limit") || n.equals("offset")).toList();
            if (paging.isEmpty() || !route.getHttpMethodName().equals("GET")) {
                continue;
            }
            Map<String, Object> vars = new HashMap<>();
            for (String name : route.getUriMatchTemplate().getVariableNames()) {
                vars.put(name, name.equals("storeId") ? store : name.equals("widgetKey") ? WIDGET_KEY : UUID.randomUUID().toString());
            }
            String path = route.getUriMatchTemplate().expand(vars) + "?q=parcel&";
            for (String name : paging) {
                for (String bad : List.of("-1", "1000000", "abc", name.equals("limit") ? "0" : "100000000")) {
                    Api.Res res = API.send("GET", path + name + "=" + bad, null, "Authorization", "Bearer " + admin);
                    if (res.status() != 400 || !res.contentType().startsWith("application/problem+json")
                            || !res.body().get("detail").asText().contains(name)) {
                        wrong.add("GET " + path + name + "=" + bad + ": " + res.status() + " " + abbreviate(res.raw()));
                    }
                    checked++;
                }
                Api.Res fine = API.send("GET", path + name + "=1", null, "Authorization", "Bearer " + admin);
                if (fine.status() == 400 || fine.status() >= 500) { // the help center of the demo store may be unpublished: 404
                    wrong.add("GET " + path + name + "=1: " + fine.status() + " " + abbreviate(fine.raw()));
                }
            }
        }
        assertTrue(checked >= 40, "checked " + checked);
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " wrong answers:\n" + String.join("\n", wrong));
        }
    }

    /** @return whether the route serves HTML pages (the help center), whose errors are HTML pages too */
    private static boolean page(UriRouteInfo<?, ?> route) {
        return route.getProduces().stream().anyMatch(m -> m.getName().equals("text/html"));
    }

    /** @return what is wrong with the answer, or null */
    private static String expectation(AccessLevel level, String persona, Api.Res res, boolean page) {
        int s = res.status();
        boolean storeHidden = s == 404 && res.raw().contains("Store not found");
        boolean passed = s != 401 && s != 403 && !storeHidden && s < 500;
        String expected = switch (level) {
            case PUBLIC -> s == 403 || s >= 500 ? "no 403/5xx" : null;
            case SIGNED_IN -> persona.equals("anonymous") ? (s == 401 ? null : "401") : passed ? null : "through";
            case STORE_AGENT -> switch (persona) {
                case "anonymous" -> s == 401 ? null : "401";
                case "outsider" -> storeHidden ? null : "404 Store not found";
                default -> passed ? null : "through";
            };
            case STORE_ADMIN -> switch (persona) {
                case "anonymous" -> s == 401 ? null : "401";
                case "outsider" -> storeHidden ? null : "404 Store not found";
                case "agent" -> s == 403 ? null : "403";
                default -> passed ? null : "through";
            };
            case INSTANCE_ADMIN -> persona.equals("anonymous") ? (s == 401 ? null : "401") : s == 403 ? null : "403";
        };
        if (expected == null && s >= 400 && !res.contentType().startsWith("application/problem+json") && !res.raw().isEmpty()
                && !(page && res.contentType().startsWith("text/html"))) {
            return "a problem+json error";
        }
        return expected;
    }

    private static Api.Res call(UriRouteInfo<?, ?> route, String path, String token) {
        String[] auth = token == null ? new String[0] : new String[]{"Authorization", "Bearer " + token};
        String method = route.getHttpMethodName();
        if (method.equals("GET") || method.equals("DELETE") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return API.send(method, path, null, auth);
        }
        List<MediaType> consumes = route.getConsumes();
        if (consumes.stream().anyMatch(m -> m.getName().equals(MediaType.MULTIPART_FORM_DATA))) {
            return API.upload(path, "a.png", "image/png", Api.PNG, Map.of(), auth);
        }
        if (consumes.stream().anyMatch(m -> m.getName().equals(MediaType.APPLICATION_FORM_URLENCODED))) {
            String[] headers = new String[auth.length + 2];
            System.arraycopy(auth, 0, headers, 0, auth.length);
            headers[auth.length] = "Content-Type";
            headers[auth.length + 1] = MediaType.APPLICATION_FORM_URLENCODED;
            return API.sendRaw(method, path, "rating=up", headers);
        }
        return API.send(method, path, "{}", auth);
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    @Test
    void webSocketsFollowTheRules() throws Exception {
        String path = "/ws/agent/stores/" + store + "?token=";
        assertEquals(401, upgradeStatus("/ws/agent/stores/" + store));
        assertEquals(401, upgradeStatus(path + "expired-or-made-up"));
        assertEquals(404, upgradeStatus(path + TOKENS.get("outsider")));
        assertEquals(404, upgradeStatus("/ws/agent/stores/" + UUID.randomUUID() + "?token=" + TOKENS.get("admin")));
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        String token = person(store, "agent");
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(API.base().replace("http", "ws") + path + token),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closed.complete(code);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertTrue(first.get(10, TimeUnit.SECONDS).contains("ready"));
        assertEquals(204, API.send("POST", "/api/auth/logout", null, "Authorization", "Bearer " + token).status());
        assertEquals(1008, closed.get(10, TimeUnit.SECONDS), "logging out closes the token's sockets");
        assertEquals(401, API.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + token).status());
        ws.abort();
    }

    /** @return the status refusing a WebSocket upgrade, or 101 when it was accepted */
    private static int upgradeStatus(String path) throws Exception {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(API.base().replace("http", "ws") + path),
                    new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void removingAMemberEndsTheirSessionsAndAccess() {
        String email = "removed-" + UUID.randomUUID() + "@example.com";
        String id = API.admin("POST", "/api/agents", Map.of("email", email, "name", "Soon gone", "password", "matrix-password-1")).body().get("id").asText();
        assertEquals(204, API.send("PUT", "/api/stores/" + store + "/members/" + id, null, "Authorization", "Bearer " + TOKENS.get("admin")).status());
        String token = API.send("POST", "/api/auth/login", Api.json(Map.of("email", email, "password", "matrix-password-1"))).body().get("token").asText();
        assertEquals(200, API.send("GET", "/api/stores/" + store + "/conversations", null, "Authorization", "Bearer " + token).status());
        // an agent cannot remove anyone; the store admin can
        assertEquals(403, API.send("DELETE", "/api/stores/" + store + "/members/" + id, null, "Authorization", "Bearer " + TOKENS.get("agent")).status());
        assertEquals(204, API.send("DELETE", "/api/stores/" + store + "/members/" + id, null, "Authorization", "Bearer " + TOKENS.get("admin")).status());
        assertEquals(401, API.send("GET", "/api/stores/" + store + "/conversations", null, "Authorization", "Bearer " + token).status());
        assertEquals(404, API.send("DELETE", "/api/stores/" + store + "/members/" + id, null, "Authorization", "Bearer " + TOKENS.get("admin")).status());
        JsonNode members = API.send("GET", "/api/stores/" + store + "/agents", null, "Authorization", "Bearer " + TOKENS.get("agent")).body();
        assertTrue(members.findValuesAsText("id").contains(agentId));
        assertTrue(!members.findValuesAsText("id").contains(id));
    }
}
