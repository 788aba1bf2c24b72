package io.dlspark.engine.wire;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM for one direction of one channel, one record at a time. The nonce is the record's sequence number, so
 * each side expects the next number: a replayed, reordered, dropped or modified record fails authentication.
 */
final class FrameCipher {
    static final int TAG_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private final SecretKeySpec key;
    private final Cipher cipher;
    private long sequence;

    FrameCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Encrypts {@code length} bytes of {@code plain} from {@code offset} into the start of {@code out} (at least
     * length + {@value #TAG_BYTES} bytes), authenticating {@code aad} with them; returns the bytes written.
     */
    int seal(byte[] plain, int offset, int length, byte[] aad, byte[] out) throws WireException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
            cipher.updateAAD(aad);
            return cipher.doFinal(plain, offset, length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new WireException("cannot encrypt record " + (sequence - 1) + ": " + e.getMessage(), e);
        }
    }

    /** Decrypts and authenticates {@code length} bytes of {@code sealed} into {@code out} at {@code offset}. */
    int open(byte[] sealed, int length, byte[] aad, byte[] out, int offset) throws WireException {
        long number = sequence;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, 0, length, out, offset);
        } catch (AEADBadTagException e) {
            throw new WireException("record " + number + " failed authentication: modified, replayed, out of order, "
                + "or not sent with this run's key", e);
        } catch (GeneralSecurityException e) {
            throw new WireException("cannot decrypt record " + number + ": " + e.getMessage(), e);
        }
    }

    private GCMParameterSpec nextNonce() {
        byte[] nonce = ByteBuffer.allocate(NONCE_BYTES).putLong(NONCE_BYTES - Long.BYTES, sequence++).array();
        return new GCMParameterSpec(TAG_BYTES * 8, nonce);
    }
}
