package org.popgate.crypto.lookup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed lookup hash of an identifier (HMAC-SHA256): how the database finds a person by ID number
 * without the ID column being readable or indexable in clear. Thread-safe: one {@link Mac} per thread.
 */
public final class LookupHasher {

    /** Key alias of the gateway-wide lookup-hash key in the key store. */
    public static final String KEY_ALIAS = "lookup-hash-v1";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public LookupHasher(SecretKey key) {
        this.key = new SecretKeySpec(key.getEncoded(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** 32-byte HMAC-SHA256 of the normalised identifier's UTF-8 bytes. */
    public byte[] hash(String normalisedIdentifier) {
        return macs.get().doFinal(normalisedIdentifier.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("lookup-hash key rejected by HmacSHA256", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
