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
}
