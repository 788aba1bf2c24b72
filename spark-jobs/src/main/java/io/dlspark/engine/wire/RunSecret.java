package io.dlspark.engine.wire;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A run's random 256-bit secret, generated on the driver and carried to the tasks in their closure; every channel
 * derives its own keys from it (HKDF with HMAC-SHA256). Its text form never shows the bytes.
 */
public final class RunSecret implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int BYTES = 32;
    private static final String HMAC = "HmacSHA256";
    private final byte[] secret;

    private RunSecret(byte[] secret) {
        this.secret = secret;
    }

    /** A fresh secret drawn from {@code random}: a {@link SecureRandom} outside tests, a seeded one in tests. */
    public static RunSecret generate(Random random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new RunSecret(bytes);
    }

    /**
     * The two directions' AES keys of one channel: HKDF-Extract with both ends' handshake nonces as salt, then
     * HKDF-Expand once per direction, so that no two channels or directions share a key.
     */
    ChannelKeys keys(byte[] initiatorNonce, byte[] responderNonce) {
        byte[] salt = new byte[initiatorNonce.length + responderNonce.length];
        System.arraycopy(initiatorNonce, 0, salt, 0, initiatorNonce.length);
        System.arraycopy(responderNonce, 0, salt, initiatorNonce.length, responderNonce.length);
        byte[] prk = hmac(salt, secret);
        return new ChannelKeys(expand(prk, "dlspark exchange v1 initiator to responder"),
            expand(prk, "dlspark exchange v1 responder to initiator"));
    }

    /** HKDF-Expand for one block of output (32 bytes): HMAC(prk, info || 0x01). */
    private static byte[] expand(byte[] prk, String info) {
        byte[] label = info.getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(label, label.length + 1);
        input[label.length] = 1;
        return hmac(prk, input);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "RunSecret[redacted]";
    }

    /** One channel's keys, by direction. */
    record ChannelKeys(byte[] initiatorToResponder, byte[] responderToInitiator) {
        @Override
        public String toString() {
            return "ChannelKeys[redacted]";
        }
    }
}
