package org.popgate.crypto.keys;

import java.util.regex.Pattern;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * Identifies one version of a gateway secret key, e.g. {@code column} version 2; travels beside
 * everything made with the key (ciphertext prefix, pseudonym, manifest) so old data stays readable.
 */
public record KeyId(String purpose, int version) {

    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    public KeyId {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "A key purpose is lower-case letters, digits and '-'");
        }
        if (version < 1) {
            throw new CryptoException(CryptoErrorCode.UNKNOWN_KEY_VERSION, "Key versions start at 1");
        }
    }

    /** The key-store alias, {@code <purpose>.v<version>}. */
    public String alias() {
        return purpose + ".v" + version;
    }
}
