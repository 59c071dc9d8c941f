package org.popgate.crypto.pseudonym;

import java.util.Objects;

/**
 * A pseudonym or token with the key version that made it; the version must be kept with the value
 * (the package manifest carries it) so it can still be reversed or matched after key rotation.
 */
public record Pseudonym(String value, int keyVersion) {

    public Pseudonym {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Pseudonym[v" + keyVersion + "]";
    }
}
