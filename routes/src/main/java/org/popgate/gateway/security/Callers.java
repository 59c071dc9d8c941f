package org.popgate.gateway.security;

import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Finds the {@link Caller} behind an authentication. */
public final class Callers {

    private Callers() {}

    /** The caller, or null for anonymous or unknown authentications. */
    public static Caller of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return null;
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof PersonDetails details) {
            return details.person();
        }
        if (principal instanceof Caller caller) {
            return caller;
        }
        return null;
    }

    /** The current request's caller; refuses when there is none. */
    public static Caller current() {
        Caller caller = of(SecurityContextHolder.getContext().getAuthentication());
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED);
        }
        return caller;
    }

    /** The current caller as a person; refuses member systems. */
    public static Caller.Person currentPerson() {
        if (current() instanceof Caller.Person person) {
            return person;
        }
        throw new ApiException(ErrorCode.ACCESS_DENIED);
    }
}
