package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One message of a conversation.
 *
 * @param id                message id
 * @param storeId           tenant
 * @param conversationId    its conversation
 * @param author            who wrote it
 * @param agentId           the agent, for agent messages
 * @param bodyText          plain text (never interpreted as HTML)
 * @param bodyHtml          sanitised HTML (email), or {@code null}
 * @param providerMessageId the channel's id (e.g. RFC 5322 Message-ID), or {@code null}
 * @param idempotencyKey    the client's {@code Idempotency-Key}, or {@code null}
 * @param sentiment         customer messages: sentiment class once classified
 * @param sentimentScore    customer messages: score in [-1, 1] (negative to positive)
 * @param source            assistant messages: where the answer came from
 * @param citedFaqIds       assistant messages: comma-separated FAQ item ids the answer is grounded in
 * @param orderNumber       the order this message is about, when known
 * @param createdAt         creation time (UTC)
 * @param embedding         customer messages: the text's embedding as 384 little-endian float32, once analysed
 * @param language          customer messages: the language it is written in (ISO 639-1, e.g. {@code es}) once
 *                          analysed; {@code null} when not detected
 * @param autoSent          assistant messages on email: sent without review because the store let drafts of its kind
 *                          go out by themselves (draft graduation), not approved by an agent
 */
@MappedEntity("messages")
public record Message(@Id UUID id, UUID storeId, UUID conversationId, Author author, @Nullable UUID agentId,
                      String bodyText, @Nullable String bodyHtml, @Nullable String providerMessageId,
                      @Nullable String idempotencyKey, @Nullable Sentiment sentiment, @Nullable Double sentimentScore,
                      @Nullable AnswerSource source, String citedFaqIds, @Nullable String orderNumber,
                      Instant createdAt, @Nullable byte[] embedding, @Nullable String language, boolean autoSent) {

    /** @return the embedding as floats, or {@code null} when the message has none */
    public float[] vector() {
        return embedding == null ? null : floats(embedding);
    }

    /** @return stored embedding bytes (4-byte little-endian floats) as floats */
    public static float[] floats(byte[] bytes) {
        java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        return v;
    }

    /** @return {@code vector} as 4-byte little-endian floats, the stored form */
    public static byte[] bytes(float[] vector) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(vector.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(vector);
        return b.array();
    }
}
