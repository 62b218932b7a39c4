package dev.handoff.bench;

import dev.handoff.app.assistant.ShopperText;
import dev.handoff.app.search.EmbeddingService;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Message embeddings for the training benchmarks, kept in {@code bench/target/embeddings-<model>.bin}
 * so that re-running a training command does not embed the same 20,000 sentences again.
 */
final class EmbeddingCache implements AutoCloseable {

    private final EmbeddingService embeddings;
    private final Map<String, float[]> vectors = new HashMap<>();
    private final DataOutputStream out;

    /**
     * @param embeddings the model that embeds what the cache lacks; the cache file is named after it
     *                   ({@code bench/target/embeddings-<model>.bin}), so vectors of two models never mix
     */
    EmbeddingCache(EmbeddingService embeddings) {
        this.embeddings = embeddings;
        Path file = Path.of("bench/target/embeddings-" + embeddings.modelName() + ".bin");
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                    while (true) {
                        String text = in.readUTF();
                        float[] v = new float[in.readInt()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = in.readFloat();
                        }
                        vectors.put(text, v);
                    }
                } catch (EOFException end) {
                    // all read
                }
            }
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the embedding of the text as the app reads a shopper's message (its {@link ShopperText#core}, without
     *         salutation and close), computed once (outside the lock, so callers may embed in parallel)
     */
    float[] embed(String message) {
        String text = ShopperText.core(message);
        synchronized (this) {
            float[] v = vectors.get(text);
            if (v != null) {
                return v;
            }
        }
        float[] v = embeddings.embed(text);
        synchronized (this) {
            if (vectors.putIfAbsent(text, v) == null) {
                try {
                    out.writeUTF(text);
                    out.writeInt(v.length);
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
