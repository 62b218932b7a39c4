package dev.handoff.app.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.platform.HandoffBootstrap;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.OpenAiStub;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code OPENAI_EMBEDDING_MODEL}, vectors come from the OpenAI-compatible embeddings endpoint (a loopback stub). */
class RemoteEmbeddingsTest {

    @Test
    void theEmbeddingEndpointReplacesTheInProcessModel() {
        try (OpenAiStub stub = new OpenAiStub(OpenAiStub::groundedModel);
             HandoffBootstrap.RunningHandoff app = TestApp.start(TestApp.tempDir(), Map.of("openai.api-key", "test-key",
                     "openai.base-url", stub.baseUrl(), "openai.embedding-model", "text-embedding-3-small",
                     // the stub's vectors are random but for equal texts: MiniLM's gate (score ≥ 0.44) lets an exact question through
                     "handoff.embeddings.model", "all-minilm-l6-v2",
                     "handoff.demo.enabled", false))) {
            assertTrue(app.context().getBean(EmbeddingService.class).remote());
            Api api = new Api("http://127.0.0.1:" + app.port(), app);
            Api.Store store = api.createStore("Remote vectors");
            String id = store.id();
            api.importFaq(id, List.of(Map.of("category", "Shipping",
                    "question", "Do you ship to Norway?", "answer", "Yes, to Norway in 5 business days.")));
            JsonNode embedding = stub.requests().stream().filter(r -> r.has("input")).findFirst().orElseThrow();
            assertEquals(384, embedding.get("dimensions").asInt());
            assertEquals("text-embedding-3-small", embedding.get("model").asText());

            Api.Visitor v = api.startConversation(store.widgetKey(), null, null);
            api.say(v, "Do you ship to Norway?");
            JsonNode messages = api.settled(id, v.conversationId()).get("messages");
            JsonNode reply = messages.get(messages.size() - 1);
            assertEquals("assistant", reply.get("author").asText(), messages.toString());
            assertEquals(1, reply.get("citedFaqIds").size());
        }
    }
}
