package dev.handoff.app.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.util.UUID;

/**
 * A file that came with a message (email attachments, inline images).
 *
 * @param id          attachment id
 * @param storeId     tenant
 * @param messageId   its message
 * @param position    order within the message, from 0
 * @param filename    file name, or {@code null} when the message gave none
 * @param contentType MIME type
 * @param contentId   RFC 2392 Content-ID an HTML body refers to as {@code cid:}, or {@code null}
 * @param sizeBytes   size in bytes
 * @param content     the bytes
 */
@MappedEntity("attachments")
public record Attachment(@Id UUID id, UUID storeId, UUID messageId, int position, @Nullable String filename, String contentType,
                         @Nullable String contentId, int sizeBytes, byte[] content) {

    /**
     * @return the bytes as an HTTP response typed as stored ({@code application/octet-stream} when the stored type
     *         does not parse), never sniffed and sandboxed, so a file can never run as a page of ours; callers add
     *         their Content-Disposition or caching
     */
    public io.micronaut.http.MutableHttpResponse<byte[]> response() {
        io.micronaut.http.MediaType type;
        try {
            type = io.micronaut.http.MediaType.of(contentType);
        } catch (RuntimeException e) {
            type = io.micronaut.http.MediaType.APPLICATION_OCTET_STREAM_TYPE;
        }
        return io.micronaut.http.HttpResponse.ok(content).contentType(type)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'");
    }
}
