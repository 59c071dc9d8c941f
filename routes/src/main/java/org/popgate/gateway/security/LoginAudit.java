package org.popgate.gateway.security;

import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/** Writes every login, successful or not, to the audit log (LOGIN_SUCCEEDED, LOGIN_FAILED with a reason code). */
final class LoginAudit implements AuthenticationEventPublisher {

    private static final int MAX_NAME = 64;

    private final AuditLog auditLog;

    LoginAudit(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    public void publishAuthenticationSuccess(Authentication authentication) {
        Caller caller = Callers.of(authentication);
        if (caller == null) {
            return;
        }
        auditLog.append(AuditEvent.builder(EventType.LOGIN_SUCCEEDED)
                .actor(caller.actor())
                .outcome(Outcome.SUCCEEDED)
                .build());
    }

    @Override
    public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
        String reason = exception instanceof LoginRefusedException refused ? refused.code().code()
                : exception instanceof DisabledException ? "account_disabled"
                : "bad_credentials";
        auditLog.append(AuditEvent.builder(EventType.LOGIN_FAILED)
                .actor(Actor.person(attemptedName(authentication), null, null))
                .outcome(Outcome.DENIED)
                .reason(reason)
                .build());
    }

    /** The name as typed, cut and cleaned so that any input fits an audit field. */
    private static String attemptedName(Authentication authentication) {
        String name = authentication == null ? null : authentication.getName();
        if (name == null || name.isBlank()) {
            return "(none)";
        }
        StringBuilder clean = new StringBuilder();
        name.codePoints().limit(MAX_NAME).forEach(c -> clean.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return clean.toString();
    }
}
