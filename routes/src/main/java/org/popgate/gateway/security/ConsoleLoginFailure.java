package org.popgate.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.popgate.gateway.api.ErrorCode;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Back to the console's login page with a reason code in the URL (never the name typed): {@code throttled}
 * after too many failures, {@code member} when the person's department is suspended or revoked, else
 * {@code credentials}.
 */
final class ConsoleLoginFailure implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        String reason = "credentials";
        if (exception instanceof LoginRefusedException refused) {
            reason = refused.code() == ErrorCode.LOGIN_THROTTLED ? "throttled" : "member";
        }
        response.sendRedirect(request.getContextPath() + "/console/login?error=" + reason);
    }
}
