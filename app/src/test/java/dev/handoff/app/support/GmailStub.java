package dev.handoff.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stub of the Gmail API v1 answering in its documented JSON shapes: {@code users.getProfile},
 * {@code users.messages.list} (paged, newest first), {@code users.messages.get?format=raw}
 * (base64url {@code raw}), {@code users.history.list} (paged {@code messagesAdded} records; 404
 * {@code notFound} for a start id older than the kept history), {@code users.drafts.create/delete/send}
 * and {@code users.messages.send}; errors as {@code {"error":{"code","message","errors":[{"reason"}],"status"}}}.
 */
public final class GmailStub extends ProviderStub {

    private static GmailStub shared;

    /** A stored message. */
    public record Msg(String id, String threadId, byte[] raw, long internalDate, long historyId, List<String> labels) {
    }

    private static final class Box {
        final List<Msg> messages = new CopyOnWriteArrayList<>();
        final Map<String, Msg> drafts = new ConcurrentHashMap<>();
        final List<Msg> sent = new CopyOnWriteArrayList<>();
        long historyId = 1000;
        long oldestHistory = 0;
    }

    private final Map<String, Box> boxes = new ConcurrentHashMap<>();

    public static synchronized GmailStub shared() {
        if (shared == null) {
            shared = new GmailStub();
        }
        return shared;
    }

    private GmailStub() {
        serve("/gmail/v1/users/me/", this::api);
    }

    private Box box(String email) {
        return boxes.computeIfAbsent(email, e -> new Box());
    }

    /** Delivers a raw message into the mailbox's INBOX, in a thread; @return its Gmail id */
    public synchronized String deliver(String email, byte[] raw, String threadId) {
        Box b = box(email);
        b.historyId++;
        String id = Long.toHexString(0x18c0000000L + b.historyId * 7919);
        b.messages.add(new Msg(id, threadId == null ? id : threadId, raw, System.currentTimeMillis(), b.historyId, List.of("INBOX", "UNREAD")));
        return id;
    }

    /** Forgets the mailbox's history before now: older start ids get 404, forcing a full sync. */
    public synchronized void expireHistory(String email) {
        box(email).oldestHistory = box(email).historyId;
    }

    public List<Msg> sent(String email) {
        return List.copyOf(box(email).sent);
    }

    public Map<String, Msg> drafts(String email) {
        return Map.copyOf(box(email).drafts);
    }

    private static final Pattern MESSAGE = Pattern.compile("/gmail/v1/users/me/messages/([^/?]+)");
    private static final Pattern DRAFT = Pattern.compile("/gmail/v1/users/me/drafts/([^/?]+)");

    private void api(HttpExchange exchange) throws IOException {
        String email = authorise(exchange);
        if (email == null) {
            return;
        }
        Box b = box(email);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Map<String, String> q = query(exchange);
        synchronized (this) {
            if (path.endsWith("/profile")) {
                json(exchange, 200, "{\"emailAddress\":\"" + email + "\",\"messagesTotal\":" + b.messages.size() + ",\"threadsTotal\":"
                        + b.messages.size() + ",\"historyId\":\"" + b.historyId + "\"}");
            } else if (path.endsWith("/history") && method.equals("GET")) {
                history(exchange, b, q);
            } else if (path.endsWith("/messages") && method.equals("GET")) {
                list(exchange, b, q);
            } else if (path.endsWith("/messages/send") && method.equals("POST")) {
                JsonNode body = body(exchange);
                Msg m = sent(b, body);
                json(exchange, 200, ref(m, "SENT").toString());
            } else if (path.endsWith("/drafts/send") && method.equals("POST")) {
                JsonNode body = body(exchange);
                Msg draft = b.drafts.remove(body.get("id").asText());
                if (draft == null) {
                    notFound(exchange);
                    return;
                }
                Msg m = sent(b, body.has("message") ? body.get("message") : Api.JSON.createObjectNode()
                        .put("raw", Base64.getUrlEncoder().encodeToString(draft.raw())).put("threadId", draft.threadId()));
                json(exchange, 200, ref(m, "SENT").toString());
            } else if (path.endsWith("/drafts") && method.equals("POST")) {
                JsonNode message = body(exchange).get("message");
                String id = "r-" + (b.drafts.size() + 1) + "-" + System.nanoTime() % 100000;
                Msg draft = new Msg("m" + id, message.path("threadId").asText(id), Base64.getUrlDecoder().decode(message.get("raw").asText()),
                        System.currentTimeMillis(), b.historyId, List.of("DRAFT"));
                b.drafts.put(id, draft);
                ObjectNode out = Api.JSON.createObjectNode().put("id", id);
                out.set("message", ref(draft, "DRAFT"));
                json(exchange, 200, out.toString());
            } else if (DRAFT.matcher(path).matches() && method.equals("DELETE")) {
                Matcher m = DRAFT.matcher(path);
                m.matches();
                if (b.drafts.remove(m.group(1)) == null) {
                    notFound(exchange);
                    return;
                }
                send(exchange, 204, null, new byte[0]);
            } else if (MESSAGE.matcher(path).matches() && method.equals("GET")) {
                Matcher m = MESSAGE.matcher(path);
                m.matches();
                Msg found = b.messages.stream().filter(x -> x.id().equals(m.group(1))).findFirst().orElse(null);
                if (found == null) {
                    notFound(exchange);
                    return;
                }
                ObjectNode out = ref(found, null);
                out.put("raw", Base64.getUrlEncoder().encodeToString(found.raw())).put("internalDate", Long.toString(found.internalDate()))
                        .put("historyId", Long.toString(found.historyId())).put("sizeEstimate", found.raw().length).put("snippet", "");
                json(exchange, 200, out.toString());
            } else {
                notFound(exchange);
            }
        }
    }

    private Msg sent(Box b, JsonNode message) {
        byte[] raw = Base64.getUrlDecoder().decode(message.get("raw").asText());
        Msg m = new Msg("s" + System.nanoTime(), message.path("threadId").asText(null), raw, System.currentTimeMillis(), ++b.historyId, List.of("SENT"));
        b.sent.add(m);
        return m;
    }

    private static ObjectNode ref(Msg m, String label) {
        ObjectNode o = Api.JSON.createObjectNode().put("id", m.id()).put("threadId", m.threadId());
        ArrayNode labels = o.putArray("labelIds");
        (label == null ? m.labels() : List.of(label)).forEach(labels::add);
        return o;
    }

    private void list(HttpExchange exchange, Box b, Map<String, String> q) throws IOException {
        List<Msg> newestFirst = new ArrayList<>(b.messages);
        java.util.Collections.reverse(newestFirst);
        int start = Integer.parseInt(q.getOrDefault("pageToken", "0"));
        int max = Integer.parseInt(q.getOrDefault("maxResults", "100"));
        ObjectNode out = Api.JSON.createObjectNode();
        ArrayNode arr = out.putArray("messages");
        newestFirst.stream().skip(start).limit(max).forEach(m -> arr.add(ref(m, null)));
        if (start + max < newestFirst.size()) {
            out.put("nextPageToken", Integer.toString(start + max));
        }
        out.put("resultSizeEstimate", newestFirst.size());
        json(exchange, 200, out.toString());
    }

    private void history(HttpExchange exchange, Box b, Map<String, String> q) throws IOException {
        long startId = Long.parseLong(q.get("startHistoryId"));
        if (startId < b.oldestHistory) {
            notFound(exchange);
            return;
        }
        List<Msg> after = b.messages.stream().filter(m -> m.historyId() > startId).toList();
        int start = Integer.parseInt(q.getOrDefault("pageToken", "0"));
        int max = Integer.parseInt(q.getOrDefault("maxResults", "100"));
        ObjectNode out = Api.JSON.createObjectNode();
        ArrayNode history = out.putArray("history");
        for (Msg m : after.stream().skip(start).limit(max).toList()) {
            ObjectNode h = history.addObject().put("id", Long.toString(m.historyId()));
            h.putArray("messages").add(ref(m, null));
            h.putArray("messagesAdded").addObject().set("message", ref(m, null));
        }
        if (start + max < after.size()) {
            out.put("nextPageToken", Integer.toString(start + max));
        }
        out.put("historyId", Long.toString(b.historyId));
        json(exchange, 200, out.toString());
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        json(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"errors\":[{\"message\":"
                + "\"Requested entity was not found.\",\"domain\":\"global\",\"reason\":\"notFound\"}],\"status\":\"NOT_FOUND\"}}");
    }

    @Override
    protected String unavailable(int status) {
        return "{\"error\":{\"code\":" + status + ",\"message\":\"" + (status == 429 ? "Too many concurrent requests for user." : "Backend Error")
                + "\",\"errors\":[{\"reason\":\"" + (status == 429 ? "rateLimitExceeded" : "backendError") + "\",\"domain\":\"usageLimits\"}],"
                + "\"status\":\"" + (status == 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE") + "\"}}";
    }

    @Override
    protected String unauthenticated() {
        return "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"errors\":[{\"message\":"
                + "\"Invalid Credentials\",\"domain\":\"global\",\"reason\":\"authError\",\"location\":\"Authorization\"}],\"status\":\"UNAUTHENTICATED\"}}";
    }
}
