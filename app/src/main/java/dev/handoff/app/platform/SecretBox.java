package dev.handoff.app.platform;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts secrets at rest (access and refresh tokens, API secrets) with AES-256-GCM (NIST SP 800-38D):
 * a random 96-bit nonce per value, 128-bit tag; stored as {@code v1:<base64(nonce || ciphertext || tag)>}.
 * The key is {@code HANDOFF_SECRET_KEY} (base64 of 32 bytes) or, when unset, one generated on first
 * start into {@code <data>/secret.key} (owner-only permissions). Losing the key loses the secrets
 * (stores must reconnect), nothing else.
 */
@Singleton
public class SecretBox {

    private static final String PREFIX = "v1:";
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    SecretBox(@Value("${handoff.secret-key:}") String configured, @Value("${handoff.data-dir}") String dataDir) {
        byte[] raw = configured.isBlank() ? fileKey(Path.of(dataDir, "secret.key")) : Base64.getDecoder().decode(configured.strip());
        if (raw.length != 32) {
            throw new IllegalStateException("HANDOFF_SECRET_KEY must be the base64 of 32 bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** @return the sealed form of {@code plain} */
    public String seal(String plain) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the plain text of a value {@link #seal} made; @throws IllegalStateException when it was sealed with another key or altered */
    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("Not a sealed value");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot open a sealed secret (another key?)", e);
        }
    }

    /**
     * @return a URL-safe token carrying {@code payload} with its HMAC-SHA256 (keyed by this box's key),
     *         for links that must not be guessable or alterable (e.g. a CSAT survey link)
     */
    public String sign(String payload) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(body));
    }

    /** @return the payload of a token {@link #sign} made, or {@code null} when it was altered or is malformed */
    public String verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String body = token.substring(0, dot);
        try {
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!java.security.MessageDigest.isEqual(mac(body), given)) {
                return null;
            }
            return new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] fileKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            Files.createDirectories(file.getParent());
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            Files.writeString(file, Base64.getEncoder().encodeToString(raw));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret key " + file, e);
        }
    }
}
