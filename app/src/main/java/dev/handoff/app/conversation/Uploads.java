package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import dev.handoff.channels.spi.InboundMessage;
import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Checks files uploaded from the widget or the dashboard before they are stored: at most
 * {@link #MAX_BYTES}, not empty, and of a type whose leading bytes match what the upload claims
 * (a "photo" that is really HTML or a script is refused, so it can never be served as one).
 */
public final class Uploads {

    /** Largest upload, 10 MiB (the server's request limit is a little above it). */
    public static final int MAX_BYTES = 10 * 1024 * 1024;

    /** Types accepted, with the magic bytes each must start with (WebP also carries {@code WEBP} at offset 8). */
    private static final Map<String, byte[]> MAGIC = Map.of(
            "image/jpeg", new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            "image/png", new byte[]{(byte) 0x89, 'P', 'N', 'G'},
            "image/gif", new byte[]{'G', 'I', 'F', '8'},
            "image/webp", new byte[]{'R', 'I', 'F', 'F'},
            "application/pdf", new byte[]{'%', 'P', 'D', 'F'});

    private Uploads() {
    }

    /** {@link #check(String, String, byte[])} of a multipart file part. */
    public static InboundMessage.Attachment check(io.micronaut.http.multipart.CompletedFileUpload file) throws java.io.IOException {
        return check(file.getFilename(), file.getContentType().map(io.micronaut.http.MediaType::toString).orElse(null), file.getBytes());
    }

    /**
     * @param filename    the name the client gave, or {@code null}
     * @param contentType the declared MIME type
     * @return the file as an attachment to store
     * @throws io.micronaut.http.exceptions.HttpStatusException 413 problem above 10 MiB; 400 problem when empty;
     *                                                          415 problem for another type or bytes that do not match it
     */
    public static InboundMessage.Attachment check(@Nullable String filename, @Nullable String contentType, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw Problems.tooLarge("Files can be at most 10 MB");
        }
        if (bytes.length == 0) {
            throw Problems.badRequest("The file is empty");
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        byte[] magic = MAGIC.get(type);
        boolean matches = magic != null && bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)
                && (!type.equals("image/webp") || bytes.length >= 12 && new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WEBP"));
        if (!matches) {
            throw Problems.unsupportedMediaType("Files must be JPEG, PNG, GIF or WebP images or PDF documents");
        }
        String name = filename == null || filename.isBlank() ? "upload" : filename.replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
        return new InboundMessage.Attachment(name.length() > 200 ? name.substring(0, 200) : name, type, null, bytes);
    }
}
