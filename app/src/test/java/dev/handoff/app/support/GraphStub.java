package dev.handoff.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stub of Microsoft Graph v1.0 mail answering in its documented JSON shapes: {@code GET /me},
 * the Inbox delta query ({@code /me/mailFolders/inbox/messages/delta}: pages of {@code value} sized by
 * {@code Prefer: odata.maxpagesize}, {@code @odata.nextLink} then {@code @odata.deltaLink}), the MIME of a
 * message ({@code /me/messages/{id}/$value}), {@code createReply} (a draft in the Drafts folder, same
 * {@code conversationId}), {@code PATCH} of a draft, its {@code send} (202) and {@code DELETE};
 * errors as {@code {"error":{"code","message"}}}.
 */
public final class GraphStub extends ProviderStub {

    private static GraphStub shared;

    /** An Inbox message. */
    public record Msg(String id, String conversationId, byte[] raw, Instant received) {
    }

    /** A draft or a sent reply. */
    public record Draft(String id, String conversationId, String inReplyToId, String internetMessageId, String subject, String body) {
    }

    private static final class Box {
        final List<Msg> inbox = new CopyOnWriteArrayList<>();
        final Map<String, Draft> drafts = new ConcurrentHashMap<>();
        final List<Draft> sent = new CopyOnWriteArrayList<>();
        final Map<String, List<JsonNode>> attachments = new ConcurrentHashMap<>();
    }

    private final Map<String, Box> boxes = new ConcurrentHashMap<>();

    public static synchronized GraphStub shared() {
        if (shared == null) {
            shared = new GraphStub();
        }
        return shared;
    }

    private GraphStub() {
        serve("/v1.0/me", this::api);
    }

    private Box box(String email) {
        return boxes.computeIfAbsent(email, e -> new Box());
    }

    /** Delivers a raw message into the Inbox; @return its Graph id */
    public String deliver(String email, byte[] raw, String conversationId) {
        String id = "AAMk" + java.util.UUID.randomUUID().toString().replace("-", "");
        box(email).inbox.add(new Msg(id, conversationId == null ? "AAQk" + id : conversationId, raw, Instant.now()));
        return id;
    }

    public List<Draft> sent(String email) {
        return List.copyOf(box(email).sent);
    }

    /** @return the {@code fileAttachment}s posted to a draft (kept after it is sent), as Graph received them */
    public List<JsonNode> attachments(String email, String draftId) {
        return List.copyOf(box(email).attachments.getOrDefault(draftId, List.of()));
    }

    public Map<String, Draft> drafts(String email) {
        return Map.copyOf(box(email).drafts);
    }

    private static final Pattern ITEM = Pattern.compile("/v1\\.0/me/messages/([^/]+)(/.*)?");

    private void api(HttpExchange exchange) throws IOException {
        String email = authorise(exchange);
        if (email == null) {
            return;
        }
        Box b = box(email);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/v1.0/me")) {
            json(exchange, 200, "{\"id\":\"u1\",\"mail\":\"" + email + "\",\"userPrincipalName\":\"" + email + "\"}");
            return;
        }
        if (path.matches("/v1\\.0/me/mailFolders/inbox/messages/delta(\\(\\))?") && method.equals("GET")) {
            delta(exchange, b);
            return;
        }
        if (path.equals("/v1.0/me/messages") && method.equals("POST")) {
            JsonNode body = body(exchange);
            Draft d = new Draft("draft-" + System.nanoTime(), "AAQk" + System.nanoTime(), null, "<" + System.nanoTime() + "@outlook.stub>",
                    body.path("subject").asText(""), "");
            b.drafts.put(d.id(), d);
            json(exchange, 201, draftJson(d).toString());
            return;
        }
        Matcher m = ITEM.matcher(path);
        if (!m.matches()) {
            notFound(exchange);
            return;
        }
        String id = m.group(1);
        String rest = m.group(2) == null ? "" : m.group(2);
        Msg msg = b.inbox.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        Draft draft = b.drafts.get(id);
        if (rest.equals("/$value") && method.equals("GET") && msg != null) {
            send(exchange, 200, "text/plain", msg.raw());
        } else if (rest.equals("/createReply") && method.equals("POST") && msg != null) {
            Draft d = new Draft("draft-" + System.nanoTime(), msg.conversationId(), msg.id(), "<" + System.nanoTime() + "@outlook.stub>",
                    "RE: original", "");
            b.drafts.put(d.id(), d);
            json(exchange, 201, draftJson(d).toString());
        } else if (rest.isEmpty() && method.equals("PATCH") && draft != null) {
            JsonNode body = body(exchange);
            Draft d = new Draft(draft.id(), draft.conversationId(), draft.inReplyToId(), draft.internetMessageId(), draft.subject(),
                    body.path("body").path("content").asText(draft.body()));
            b.drafts.put(d.id(), d);
            json(exchange, 200, draftJson(d).toString());
        } else if (rest.isEmpty() && method.equals("GET") && draft != null) {
            json(exchange, 200, draftJson(draft).toString());
        } else if (rest.equals("/attachments") && method.equals("POST") && draft != null) {
            JsonNode a = body(exchange);
            if (!"#microsoft.graph.fileAttachment".equals(a.path("@odata.type").asText()) || a.path("contentBytes").asText("").isEmpty()) {
                json(exchange, 400, "{\"error\":{\"code\":\"ErrorInvalidRequest\",\"message\":\"a fileAttachment with contentBytes is required\"}}");
                return;
            }
            b.attachments.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(a);
            json(exchange, 201, ((ObjectNode) a.deepCopy()).put("id", "att-" + System.nanoTime()).toString());
        } else if (rest.equals("/send") && method.equals("POST") && draft != null) {
            b.drafts.remove(id);
            b.sent.add(draft);
            send(exchange, 202, null, new byte[0]);
        } else if (rest.isEmpty() && method.equals("DELETE") && draft != null) {
            b.drafts.remove(id);
            send(exchange, 204, null, new byte[0]);
        } else {
            notFound(exchange);
        }
    }

    private void delta(HttpExchange exchange, Box b) throws IOException {
        Map<String, String> q = query(exchange);
        String prefer = exchange.getRequestHeaders().getFirst("Prefer");
        int size = prefer != null && prefer.contains("odata.maxpagesize=") ? Integer.parseInt(prefer.replaceAll(".*odata.maxpagesize=(\\d+).*", "$1")) : 10;
        int from = q.containsKey("$skiptoken") ? Integer.parseInt(q.get("$skiptoken")) : q.containsKey("$deltatoken") ? Integer.parseInt(q.get("$deltatoken")) : 0;
        List<Msg> page = b.inbox.stream().skip(from).limit(size).toList();
        ObjectNode out = Api.JSON.createObjectNode().put("@odata.context", baseUrl() + "/v1.0/$metadata#Collection(message)");
        ArrayNode value = out.putArray("value");
        for (Msg m : page) {
            value.addObject().put("@odata.type", "#microsoft.graph.message").put("@odata.etag", "W/\"1\"").put("id", m.id())
                    .put("conversationId", m.conversationId()).put("receivedDateTime", m.received().toString());
        }
        String link = baseUrl() + "/v1.0/me/mailFolders/inbox/messages/delta()";
        if (from + page.size() < b.inbox.size()) {
            out.put("@odata.nextLink", link + "?$skiptoken=" + (from + page.size()));
        } else {
            out.put("@odata.deltaLink", link + "?$deltatoken=" + (from + page.size()));
        }
        json(exchange, 200, out.toString());
    }

    private static ObjectNode draftJson(Draft d) {
        ObjectNode o = Api.JSON.createObjectNode().put("@odata.type", "#microsoft.graph.message").put("id", d.id())
                .put("conversationId", d.conversationId()).put("internetMessageId", d.internetMessageId()).put("subject", d.subject())
                .put("isDraft", true);
        o.putObject("body").put("contentType", "text").put("content", d.body());
        return o;
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        json(exchange, 404, "{\"error\":{\"code\":\"ErrorItemNotFound\",\"message\":\"The specified object was not found in the store.\"}}");
    }

    @Override
    protected String unavailable(int status) {
        return "{\"error\":{\"code\":\"" + (status == 429 ? "ApplicationThrottled" : "ServiceUnavailable")
                + "\",\"message\":\"Application is over its MailboxConcurrency limit.\"}}";
    }

    @Override
    protected String unauthenticated() {
        return "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token has expired or is not yet valid.\"}}";
    }
}
