package org.popgate.gateway.api;

import java.time.Duration;

/** The one exception type of the API boundary: an error code, a safe sentence and an optional retry delay. */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Duration retryAfter;

    public ApiException(ErrorCode code) {
        this(code, code.sentence(), null);
    }

    /** {@code sentence} must carry no personal data: it is sent to the client. */
    public ApiException(ErrorCode code, String sentence) {
        this(code, sentence, null);
    }

    public ApiException(ErrorCode code, String sentence, Duration retryAfter) {
        super(sentence, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** The delay for a Retry-After header, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
