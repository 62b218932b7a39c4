package dev.handoff.app.assistant;

import dev.langchain4j.model.chat.ChatModel;
import dev.handoff.app.search.EmbeddingService;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The chat model, when one is configured: any OpenAI-compatible Chat Completions endpoint (OpenAI,
 * Azure OpenAI, Ollama, vLLM, LM Studio) through {@code langchain4j-open-ai}. Configured by
 * {@code OPENAI_API_KEY} (required to enable it; any value for servers without keys),
 * {@code OPENAI_BASE_URL} (default {@code https://api.openai.com/v1}), {@code OPENAI_CHAT_MODEL}
 * (default {@code gpt-4o-mini}), optionally {@code OPENAI_EMBEDDING_MODEL} (e.g. {@code text-embedding-3-small}),
 * {@code HANDOFF_LLM_TIMEOUT} (default 20 s a call) and
 * {@code HANDOFF_LLM_MAX_RETRIES} (default 2, exponential backoff, on timeouts, 429 and 5xx).
 * Without a key there is no bean and the assistant runs its offline paths.
 */
@Factory
class LanguageModelFactory {

    /**
     * The embedding model when {@code OPENAI_EMBEDDING_MODEL} is set too (asked for 384 dimensions, the
     * size of the search indexes' vectors); otherwise the in-process model ({@code handoff.embeddings.model}) embeds.
     */
    @Singleton
    @Named("embeddings")
    @Requires(property = "openai.api-key")
    @Requires(property = "openai.embedding-model")
    EmbeddingModel embeddingModel(@Value("${openai.api-key}") String apiKey,
                                  @Value("${openai.base-url:`https://api.openai.com/v1`}") String baseUrl,
                                  @Value("${openai.embedding-model}") String model,
                                  @Value("${handoff.llm.timeout:20s}") Duration timeout,
                                  @Value("${handoff.llm.max-retries:2}") int maxRetries) {
        return OpenAiEmbeddingModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(model)
                .dimensions(EmbeddingService.DIMENSIONS)
                .timeout(timeout)
                .maxRetries(maxRetries)
                .build();
    }

    @Singleton
    @Requires(property = "openai.api-key")
    ChatModel chatModel(@Value("${openai.api-key}") String apiKey,
                        @Value("${openai.base-url:`https://api.openai.com/v1`}") String baseUrl,
                        @Value("${openai.chat-model:gpt-4o-mini}") String model,
                        @Value("${handoff.llm.timeout:20s}") Duration timeout,
                        @Value("${handoff.llm.max-retries:2}") int maxRetries) {
        return OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(model)
                .temperature(0.2)
                .timeout(timeout)
                .maxRetries(maxRetries)
                .strictJsonSchema(true)
                .build();
    }
}
