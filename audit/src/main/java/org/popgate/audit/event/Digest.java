package org.popgate.audit.event;

import java.util.Arrays;
import java.util.HexFormat;

/** An opaque hash value (request/response digest, subject index digest), compared by content. */
public record Digest(byte[] value) {

    public Digest {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public static Digest ofHex(String hex) {
        return new Digest(HexFormat.of().parseHex(hex));
    }

    public String hex() {
        return HexFormat.of().formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && Arrays.equals(value, d.value);
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
