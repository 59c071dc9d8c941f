package org.popgate.crypto.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * Keyed-hash tokens for one recipient, field and key version: HMAC-SHA256 under the HKDF domain
 * key, truncated to 128 bits (collision-free at population scale) and base64url-encoded (22
 * characters). One-way: a token can be matched, never reversed. Thread-safe: one Mac per thread.
 */
public final class TokenDomain {

    private final int keyVersion;
    private final ThreadLocal<Mac> macs;

    TokenDomain(byte[] key, int keyVersion) {
        this.keyVersion = keyVersion;
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "HmacSHA256 is unavailable", e);
            }
        });
    }

    /** The key version of this domain's tokens. */
    public int keyVersion() {
        return keyVersion;
    }

    /** The token of {@code value} (compared as given: normalise before, e.g. trim and NFC). */
    public Pseudonym token(String value) {
        byte[] digest = macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return new Pseudonym(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)), keyVersion);
    }
}
