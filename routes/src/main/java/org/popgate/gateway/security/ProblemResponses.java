package org.popgate.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.api.Problems;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** Security refusals as problem details; refused calls of authenticated callers are audited (ACCESS_DENIED). */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final AuditLog auditLog;
    private final AccessPolicy policy;

    ProblemResponses(AuditLog auditLog, AccessPolicy policy) {
        this.auditLog = auditLog;
        this.policy = policy;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof LoginRefusedException refused) {
            Problems.write(response, refused.code(), refused.retryAfter());
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"popgate\"");
        Problems.write(response, ErrorCode.UNAUTHENTICATED, null);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        auditRefusal(request);
        Problems.write(response, ErrorCode.ACCESS_DENIED, null);
    }

    /** Audits a refused call of an authenticated caller (ACCESS_DENIED); anonymous refusals are not recorded. */
    void auditRefusal(HttpServletRequest request) {
        Caller caller = Callers.of(SecurityContextHolder.getContext().getAuthentication());
        if (caller != null) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            // The rule's pattern, not the raw path: the audit records what was attempted, not arbitrary input.
            String operation = request.getMethod() + " " + policy.ruleFor(request.getMethod(), path)
                    .map(r -> r.pattern().getPatternString()).orElse("(no rule)");
            auditLog.append(AuditEvent.builder(EventType.ACCESS_DENIED)
                    .actor(caller.actor())
                    .operation(operation)
                    .outcome(Outcome.DENIED)
                    .reason(ErrorCode.ACCESS_DENIED.code())
                    .build());
        }
    }
}
