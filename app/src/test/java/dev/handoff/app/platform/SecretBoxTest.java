package dev.handoff.app.platform;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Separate encryption and signing keys derived from one master key (HKDF, RFC 5869), and key rotation. */
class SecretBoxTest {

    private static final String DATA = "target/secretbox-test";

    private static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void hkdfMatchesRfc5869() {
        HexFormat hex = HexFormat.of();
        byte[] ikm = hex.parseHex("0b".repeat(22));
        // RFC 5869 A.1
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                hex.formatHex(SecretBox.hkdf(hex.parseHex("000102030405060708090a0b0c"), ikm, hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42)));
        // RFC 5869 A.3: no salt, no info
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                hex.formatHex(SecretBox.hkdf(new byte[0], ikm, new byte[0], 42)));
    }

    @Test
    void encryptionAndSigningUseDifferentKeysNeitherOfThemTheMasterKey() throws Exception {
        byte[] master = Base64.getDecoder().decode(key(7));
        SecretBox box = new SecretBox(key(7), "", DATA);
        String token = box.sign("survey:123");
        javax.crypto.Mac withMaster = javax.crypto.Mac.getInstance("HmacSHA256");
        withMaster.init(new SecretKeySpec(master, "HmacSHA256"));
        String body = token.substring(0, token.indexOf('.'));
        String masterMac = Base64.getUrlEncoder().withoutPadding().encodeToString(withMaster.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(masterMac, token.substring(token.indexOf('.') + 1), "not signed with the master key");
        byte[] signing = SecretBox.hkdf(master, "handoff/signing/v2", 32);
        byte[] encryption = SecretBox.hkdf(master, "handoff/encryption/v2", 32);
        assertNotEquals(HexFormat.of().formatHex(signing), HexFormat.of().formatHex(encryption));
        String sealed = box.seal("shpat_secret");
        assertTrue(sealed.startsWith("v2:"), sealed);
        byte[] in = Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryption, "AES"), new GCMParameterSpec(128, in, 0, 12));
        assertEquals("shpat_secret", new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8), "sealed with the encryption key");
        assertThrows(javax.crypto.AEADBadTagException.class, () -> {
            Cipher s = Cipher.getInstance("AES/GCM/NoPadding");
            s.init(Cipher.DECRYPT_MODE, new SecretKeySpec(signing, "AES"), new GCMParameterSpec(128, in, 0, 12));
            s.doFinal(in, 12, in.length - 12);
        });
    }

    @Test
    void aRotatedKeyStillOpensAndVerifiesWhatTheOldKeyMadeUntilItIsDropped() throws Exception {
        SecretBox old = new SecretBox(key(1), "", DATA);
        String sealed = old.seal("refresh-token");
        String token = old.sign("oauth-state");
        // a value sealed before HKDF (v1: AES-GCM under the master key itself)
        byte[] nonce = new byte[12];
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key(1)), "AES"), new GCMParameterSpec(128, nonce));
        byte[] ct = c.doFinal("legacy".getBytes(StandardCharsets.UTF_8));
        byte[] v1 = new byte[12 + ct.length];
        System.arraycopy(ct, 0, v1, 12, ct.length);
        String legacy = "v1:" + Base64.getEncoder().encodeToString(v1);

        SecretBox rotated = new SecretBox(key(2), key(1), DATA);
        assertEquals("refresh-token", rotated.open(sealed));
        assertEquals("oauth-state", rotated.verify(token));
        assertEquals("legacy", rotated.open(legacy));
        String resealed = rotated.seal("refresh-token");
        assertNotEquals(sealed.substring(0, 12), resealed.substring(0, 12), "new values name the new key");
        assertEquals("refresh-token", new SecretBox(key(2), "", DATA).open(resealed));

        SecretBox dropped = new SecretBox(key(2), "", DATA);
        assertThrows(IllegalStateException.class, () -> dropped.open(sealed));
        assertNull(dropped.verify(token));
        assertNull(dropped.verify(token.substring(0, token.length() - 2) + "AA"));
    }
}
