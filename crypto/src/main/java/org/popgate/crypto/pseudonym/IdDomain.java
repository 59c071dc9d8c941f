package org.popgate.crypto.pseudonym;

import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.ff1.DecimalFf1;

/**
 * ID-number pseudonyms for one recipient and key version: FF1 (AES-256, key from HKDF) over the
 * 17-digit body, followed by a deliberately wrong check character.
 *
 * <p>Why a wrong check character: a pseudonym keeps the 18-character shape recipients' schemas
 * expect, yet can never validate as a GB 11643 ID (about 2·10⁹ of the 10¹⁷ bodies are real IDs, so
 * an unmarked pseudonym would sometimes equal a real person's number). The marker is
 * {@code (correct check + 1) mod 11}, so a value can also be recognised as a pseudonym.
 *
 * <p>Thread-safe: one FF1 engine per thread.
 */
public final class IdDomain {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'};

    private final int keyVersion;
    private final ThreadLocal<DecimalFf1> engines;

    IdDomain(byte[] key, int keyVersion) {
        this.keyVersion = keyVersion;
        byte[] copy = key.clone();
        this.engines = ThreadLocal.withInitial(() -> new DecimalFf1(copy, 17, new byte[0]));
    }

    /** The key version this domain writes and reads. */
    public int keyVersion() {
        return keyVersion;
    }

    /** The pseudonym of a valid 18-character ID number (digits, last may be 'X'). */
    public Pseudonym pseudonymise(String idNumber) {
        long body = body(idNumber);
        if (idNumber.charAt(17) != CHECK[checkIndex(body)]) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "The ID number's check character is wrong");
        }
        long pseudonymBody = engines.get().encrypt(body);
        return new Pseudonym(format(pseudonymBody, CHECK[(checkIndex(pseudonymBody) + 1) % 11]), keyVersion);
    }

    /**
     * The real ID number behind {@code pseudonym}: for approved re-identification only (the
     * caller audits it). Refuses pseudonyms of another key version or values that are not pseudonyms.
     */
    public String reidentify(Pseudonym pseudonym) {
        if (pseudonym.keyVersion() != keyVersion) {
            throw new CryptoException(CryptoErrorCode.UNKNOWN_KEY_VERSION,
                    "The pseudonym is of key version " + pseudonym.keyVersion() + ", this domain is " + keyVersion);
        }
        String value = pseudonym.value();
        long pseudonymBody = body(value);
        if (value.charAt(17) != CHECK[(checkIndex(pseudonymBody) + 1) % 11]) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "The value is not an ID pseudonym");
        }
        long body = engines.get().decrypt(pseudonymBody);
        return format(body, CHECK[checkIndex(body)]);
    }

    private static long body(String value) {
        if (value == null || value.length() != 18) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "An ID number has 18 characters");
        }
        long body = 0;
        for (int i = 0; i < 17; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "An ID number's first 17 characters are digits");
            }
            body = body * 10 + (c - '0');
        }
        return body;
    }

    /** GB 11643 check: (12 − Σ aᵢWᵢ mod 11) mod 11, index into {@link #CHECK}. */
    static int checkIndex(long body) {
        int sum = 0;
        for (int i = 16; i >= 0; i--) {
            sum += (int) (body % 10) * WEIGHTS[i];
            body /= 10;
        }
        return (12 - sum % 11) % 11;
    }

    private static String format(long body, char check) {
        char[] out = new char[18];
        for (int i = 16; i >= 0; i--) {
            out[i] = (char) ('0' + body % 10);
            body /= 10;
        }
        out[17] = check;
        return new String(out);
    }
}
