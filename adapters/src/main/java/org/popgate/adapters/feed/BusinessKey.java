package org.popgate.adapters.feed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The key that makes a change idempotent: the sending department and its own serial for the change
 * (police change number, civil-affairs or health message id, school + term + student number).
 * Re-delivery of the same key has no second effect.
 */
public record BusinessKey(Counterpart source, String value) {

    public BusinessKey {
        Objects.requireNonNull(source, "source");
        if (value == null || value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("a business key has 1 to 128 characters");
        }
    }

    /** Prints a fingerprint, not the value: some departments' serials embed certificate numbers. */
    @Override
    public String toString() {
        return source.code() + ":#" + fingerprint();
    }

    /** First 8 hex digits of SHA-256 over the value: enough to correlate log lines, too little to reveal it. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
