package org.popgate.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.ca.Members;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.api.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates member systems by the TLS client certificate on every request, not once per connection:
 * a member revoked or suspended while its keep-alive connection stays open is refused on its next request.
 */
final class MemberCertificateFilter extends OncePerRequestFilter {

    static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final MemberCertificates certificates;
    private final AuditLog auditLog;

    MemberCertificateFilter(MemberCertificates certificates, AuditLog auditLog) {
        this.certificates = certificates;
        this.auditLog = auditLog;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] presented)
                || presented.length == 0) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            // One identity per request: a certificate and a password together would be ambiguous.
            Problems.write(response, ErrorCode.ACCESS_DENIED,
                    "Present either a member certificate or a password, not both.", null);
            return;
        }
        Caller.MemberSystem member;
        try {
            member = certificates.authenticate(presented[0]);
        } catch (ApiException e) {
            deny(presented[0], e.code(), request);
            Problems.write(response, e.code(), e.getMessage(), null);
            return;
        }
        SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(new MemberAuthentication(member));
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        chain.doFilter(request, response);
    }

    private void deny(X509Certificate certificate, ErrorCode code, HttpServletRequest request) {
        String member;
        try {
            member = Members.memberOf(certificate);
        } catch (RuntimeException unreadable) {
            member = "(unknown)";
        }
        auditLog.append(AuditEvent.builder(EventType.ACCESS_DENIED)
                .actor(Actor.member(member, null, certificate.getSerialNumber().toString(16)))
                .operation(request.getMethod() + " certificate")
                .outcome(Outcome.DENIED)
                .reason(code.code())
                .build());
    }
}
