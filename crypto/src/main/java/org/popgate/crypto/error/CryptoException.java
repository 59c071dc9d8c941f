package org.popgate.crypto.error;

import java.util.Objects;

/**
 * The one exception of the crypto module: a stable {@link CryptoErrorCode} and a sentence that
 * never holds personal data (no ID numbers, names or record content; member names and key ids only).
 */
public final class CryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final CryptoErrorCode code;

    public CryptoException(CryptoErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
    }

    public CryptoException(CryptoErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
    }

    /** The error code. */
    public CryptoErrorCode code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code.code() + ": " + super.getMessage();
    }
}
