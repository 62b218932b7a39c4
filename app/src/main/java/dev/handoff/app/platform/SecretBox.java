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
 * Encrypts secrets at rest (access and refresh tokens, API secrets) and signs tokens (CSAT survey links, OAuth
 * state) with two separate keys derived from one master key, {@code HANDOFF_SECRET_KEY} (base64 of 32 bytes; when
 * unset, one generated on first start into {@code <data>/secret.key}, owner-only permissions), by HKDF-SHA256
 * (RFC 5869, empty salt) with the infos {@code handoff/encryption/v2} and {@code handoff/signing/v2}:
 * <ul>
 *   <li>sealing: AES-256-GCM (NIST SP 800-38D), a random 96-bit nonce per value, 128-bit tag, stored as
 *       {@code v2:<key id>:<base64(nonce || ciphertext || tag)>}, the key id being the first 8 hex digits of the
 *       SHA-256 of the encryption key; values sealed before (format {@code v1:}, the master key itself) still open;</li>
 *   <li>signing: HMAC-SHA256 with the signing key.</li>
 * </ul>
 * Rotation: a new master key in {@code HANDOFF_SECRET_KEY} and the old ones in {@code HANDOFF_SECRET_KEYS_PREVIOUS}
 * (comma-separated): new values are sealed and signed with the new key, values sealed or signed with a previous
 * key still open and verify, and {@link SecretResealing} seals every stored secret again under the new key at
 * the next start. Losing every key loses the secrets (stores must reconnect), nothing else.
 */
@Singleton
public class SecretBox {

    private static final String LEGACY = "v1:";
    private static final String PREFIX = "v2:";
    private final SecureRandom random = new SecureRandom();
    /** The current master key's keys first, then the previous ones'. */
    private final java.util.List<Keys> keys;

    /** @param id key id (8 hex digits) @param encryption AES key @param signing HMAC key @param master the master key (v1 values) */
    private record Keys(String id, SecretKeySpec encryption, SecretKeySpec signing, SecretKeySpec master) {
    }

    SecretBox(@Value("${handoff.secret-key:}") String configured, @Value("${handoff.secret-keys-previous:}") String previous,
              @Value("${handoff.data-dir}") String dataDir) {
        java.util.List<Keys> all = new java.util.ArrayList<>();
        all.add(keys(configured.isBlank() ? fileKey(Path.of(dataDir, "secret.key")) : decode(configured)));
        for (String old : previous.split(",")) {
            if (!old.isBlank()) {
                all.add(keys(decode(old)));
            }
        }
        this.keys = java.util.List.copyOf(all);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("HANDOFF_SECRET_KEY and HANDOFF_SECRET_KEYS_PREVIOUS must be base64 of 32 bytes");
        }
    }

    private static Keys keys(byte[] master) {
        if (master.length != 32) {
            throw new IllegalStateException("HANDOFF_SECRET_KEY must be the base64 of 32 bytes");
        }
        byte[] encryption = hkdf(master, "handoff/encryption/v2", 32);
        byte[] signing = hkdf(master, "handoff/signing/v2", 32);
        try {
            String id = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(encryption)).substring(0, 8);
            return new Keys(id, new SecretKeySpec(encryption, "AES"), new SecretKeySpec(signing, "HmacSHA256"), new SecretKeySpec(master, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * HKDF with HMAC-SHA256 (RFC 5869): extract with an empty salt (a string of zeros), then expand.
     *
     * @return {@code length} bytes of key material for {@code info}
     */
    static byte[] hkdf(byte[] inputKey, String info, int length) {
        return hkdf(new byte[32], inputKey, info.getBytes(StandardCharsets.UTF_8), length);
    }

    /** RFC 5869 HKDF-SHA256 with an explicit salt (test vectors). */
    static byte[] hkdf(byte[] salt, byte[] inputKey, byte[] info, int length) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(inputKey);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            for (int done = 0, i = 1; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                System.arraycopy(t, 0, out, done, Math.min(t.length, length - done));
                done += t.length;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the sealed form of {@code plain}, under the current key */
    public String seal(String plain) {
        Keys current = keys.get(0);
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, current.encryption(), new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the current key's id (8 hex digits), as sealed values name it */
    public String currentKeyId() {
        return keys.get(0).id();
    }

    /** @return whether {@code sealed} was sealed under the current key (else {@link SecretResealing} seals it again) */
    public boolean isCurrent(String sealed) {
        return sealed != null && sealed.startsWith(PREFIX + keys.get(0).id() + ":");
    }

    /**
     * @return the plain text of a value {@link #seal} made, under the current or a previous key
     * @throws IllegalStateException when no configured key sealed it, or it was altered
     */
    public String open(String sealed) {
        if (sealed.startsWith(PREFIX)) {
            int colon = sealed.indexOf(':', PREFIX.length());
            String id = colon < 0 ? "" : sealed.substring(PREFIX.length(), colon);
            for (Keys k : keys) {
                if (k.id().equals(id)) {
                    return decrypt(k.encryption(), sealed.substring(colon + 1));
                }
            }
            throw new IllegalStateException("Cannot open a sealed secret: its key " + id + " is neither HANDOFF_SECRET_KEY nor a previous key");
        }
        if (sealed.startsWith(LEGACY)) {
            IllegalStateException last = null;
            for (Keys k : keys) {
                try {
                    return decrypt(k.master(), sealed.substring(LEGACY.length()));
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        }
        throw new IllegalStateException("Not a sealed value");
    }

    private static String decrypt(SecretKeySpec key, String base64) {
        try {
            byte[] in = Base64.getDecoder().decode(base64);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot open a sealed secret (another key?)", e);
        }
    }

    /**
     * @return a URL-safe token carrying {@code payload} with its HMAC-SHA256 (keyed by the current signing key),
     *         for links that must not be guessable or alterable (e.g. a CSAT survey link)
     */
    public String sign(String payload) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.get(0).signing(), body));
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
            if (keys.stream().noneMatch(k -> java.security.MessageDigest.isEqual(mac(k.signing(), body), given))) {
                return null;
            }
            return new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] mac(SecretKeySpec key, String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(key);
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
