package dev.handoff.app.realtime;

import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.platform.Problems;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.UUID;

/**
 * Checks the visitor token before the WebSocket upgrade, so a wrong token gets a 404 (a missing one
 * 401) as a problem response and no socket.
 */
@ServerFilter("/ws/widget/conversations/**")
class WidgetSocketGuard {

    private final ConversationLookup lookup;

    WidgetSocketGuard(ConversationLookup lookup) {
        this.lookup = lookup;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    void check(HttpRequest<?> request) {
        String path = request.getPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        UUID conversationId;
        try {
            conversationId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("Conversation");
        }
        lookup.requireVisitorConversation(conversationId, request.getParameters().get("token"));
    }
}
