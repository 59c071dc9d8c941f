package org.popgate.crypto.ff1;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/** One-block AES encryption through the JDK (AES-NI); FF1 only ever needs the forward cipher. Not thread-safe. */
final class AesBlock {

    private final Cipher cipher;

    AesBlock(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "An AES key is 16, 24 or 32 bytes");
        }
        try {
            cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "AES is unavailable in the JDK", e);
        }
    }

    /** Encrypts {@code in[inOff..inOff+16)} into {@code out[outOff..]}; in and out may be the same array. */
    void encrypt(byte[] in, int inOff, byte[] out, int outOff) {
        try {
            cipher.update(in, inOff, 16, out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
