package org.popgate.gateway.security;

import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Password logins with the throttle in front (a locked-out name is refused before its hash is computed)
 * and the person's member checked after: a person of a suspended or revoked department cannot log in.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final MemberStatusCheck memberStatus;

    ThrottledAuthenticationProvider(AuthenticationProvider passwords, LoginThrottle throttle,
            MemberStatusCheck memberStatus) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.memberStatus = memberStatus;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String name = authentication.getName();
        var locked = throttle.lockedFor(name);
        if (locked.isPresent()) {
            throw new LoginRefusedException(ErrorCode.LOGIN_THROTTLED, locked.get());
        }
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        } catch (BadCredentialsException e) {
            throttle.failed(name);
            throw e;
        }
        if (result != null && result.getPrincipal() instanceof PersonDetails details
                && details.person().member() != null) {
            try {
                memberStatus.requireActive(details.person().member());
            } catch (ApiException e) {
                throw new LoginRefusedException(e.code(), null);
            }
        }
        throttle.succeeded(name);
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
