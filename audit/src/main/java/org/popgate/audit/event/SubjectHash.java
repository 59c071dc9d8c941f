package org.popgate.audit.event;

import java.util.Arrays;
import java.util.HexFormat;

/** A person's keyed hash (HMAC-SHA256 under the gateway-wide subject-hash key): never the raw ID. */
public record SubjectHash(byte[] value) {

    public static final int LENGTH = 32;

    public SubjectHash {
        if (value.length != LENGTH) {
            throw new IllegalArgumentException("subject hash must be 32 bytes");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public static SubjectHash ofHex(String hex) {
        return new SubjectHash(HexFormat.of().parseHex(hex));
    }

    public String hex() {
        return HexFormat.of().formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectHash s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
