package org.popgate.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Spring Security's door to the {@link AccessPolicy}: every API request is decided there. */
final class PolicyAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    private final AccessPolicy policy;

    PolicyAuthorizationManager(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return new AuthorizationDecision(policy.allows(Callers.of(authentication.get()), request.getMethod(), path));
    }
}
