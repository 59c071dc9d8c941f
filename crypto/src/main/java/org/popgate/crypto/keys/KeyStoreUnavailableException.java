package org.popgate.crypto.keys;

/** The key store cannot be opened, read or written. The message names the file or alias, never key material. */
public final class KeyStoreUnavailableException extends RuntimeException {

    public KeyStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
