package dev.handoff.app.assistant;

import dev.handoff.app.conversation.Author;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.Message;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.search.SearchMode;
import dev.handoff.app.store.StoreService;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Suggested replies for an agent opening a conversation: with a language model, three replies written
 * from the last ten messages and the FAQ items retrieved for the last customer message; without one
 * (or when the call fails), the answers of the three best-matching FAQ items.
 */
@Singleton
class SuggestedReplies {

    private final ConversationLookup lookup;
    private final KnowledgeService knowledge;
    private final AssistantModel model;
    private final StoreService stores;

    SuggestedReplies(ConversationLookup lookup, KnowledgeService knowledge, AssistantModel model, StoreService stores) {
        this.lookup = lookup;
        this.knowledge = knowledge;
        this.model = model;
        this.stores = stores;
    }

    /** @param source {@code model} or {@code knowledge_base} @param replies up to three replies */
    @Serdeable
    record Result(String source, List<String> replies) {
    }

    Result forConversation(UUID storeId, UUID conversationId) {
        Conversation c = lookup.require(storeId, conversationId);
        List<Message> recent = lookup.recentMessages(c.id(), 10).stream().filter(m -> m.author() != Author.system).toList();
        Optional<Message> lastCustomer = recent.stream().filter(m -> m.author() == Author.customer).reduce((a, b) -> b);
        if (lastCustomer.isEmpty()) {
            return new Result("knowledge_base", List.of());
        }
        String text = lastCustomer.get().bodyText();
        List<KnowledgeService.FaqMatch> matches = knowledge.retrieve(storeId, text, lastCustomer.get().vector(), 3, SearchMode.hybrid);
        List<ModelPrompts.Source> sources = matches.stream()
                .map(m -> new ModelPrompts.Source(m.item().id().toString(), m.item().question(), m.item().answer())).toList();
        List<ModelPrompts.Turn> earlier = recent.stream().filter(m -> !m.id().equals(lastCustomer.get().id()))
                .map(m -> new ModelPrompts.Turn(m.author().name(), m.bodyText())).toList();
        String store = stores.nameOf(storeId);
        return model.suggestReplies(storeId, c.id(), store, sources, earlier, text)
                .map(r -> new Result("model", r))
                .orElseGet(() -> new Result("knowledge_base", matches.stream().map(m -> m.item().answer()).distinct().toList()));
    }
}
