package dev.handoff.app.conversation;

import dev.handoff.app.security.AgentNames;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Messages as the shopper's widget shows them: who wrote each (the agent by first name) and when. */
@Singleton
public class ShopperMessages {

    private final ConversationViews views;
    private final AgentNames names;

    ShopperMessages(ConversationViews views, AgentNames names) {
        this.views = views;
        this.names = names;
    }

    /** @return the shopper's view of a message */
    public ShopperMessageView of(MessageView m) {
        return of(m, new HashMap<>());
    }

    /** @return the thread, oldest first, as the shopper sees it */
    public List<ShopperMessageView> thread(UUID conversationId) {
        Map<UUID, String> cache = new HashMap<>();
        return views.thread(conversationId).stream().map(m -> of(m, cache)).toList();
    }

    private ShopperMessageView of(MessageView m, Map<UUID, String> cache) {
        String name = m.author() == Author.agent && m.agentId() != null
                ? cache.computeIfAbsent(m.agentId(), id -> names.firstName(id).orElse(null)) : null;
        return new ShopperMessageView(m.id(), m.author(), name, m.text(), m.source(), m.citedFaqIds(), m.createdAt(), m.attachments());
    }
}
