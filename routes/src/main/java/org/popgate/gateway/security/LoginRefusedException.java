package org.popgate.gateway.security;

import java.time.Duration;
import org.popgate.gateway.api.ErrorCode;
import org.springframework.security.core.AuthenticationException;

/** A login refused for a reason other than bad credentials: throttled, or the person's member is not active. */
final class LoginRefusedException extends AuthenticationException {

    private final ErrorCode code;
    private final Duration retryAfter;

    LoginRefusedException(ErrorCode code, Duration retryAfter) {
        super(code.sentence());
        this.code = code;
        this.retryAfter = retryAfter;
    }

    ErrorCode code() {
        return code;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
