package org.popgate.gateway.members;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.MemberCertificates;
import org.popgate.gateway.security.MemberStatusCheck;
import org.springframework.stereotype.Component;

/**
 * Member status on every request: a TLS certificate must be one the gateway issued (same bytes), current
 * (valid, not rotated out, not revoked) and held by an active member, checked against the clock on each request.
 * The two database reads behind it are cached for at most {@code popgate.members.access-cache-ttl}: a revocation,
 * suspension or rotation made on this instance takes effect on the next request (even on an open connection), one
 * made on another instance within that bound (docs/decisions/member-access-cache.md).
 */
@Component
class MemberAccessChecks implements MemberCertificates, MemberStatusCheck {

    private final MemberRegistry registry;
    private final Clock clock = Clock.systemUTC();

    MemberAccessChecks(MemberRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Caller.MemberSystem authenticate(X509Certificate presented) {
        String serial = presented.getSerialNumber().toString(16);
        IssuedCertificate issued = registry.certificateForAccess(serial)
                .filter(c -> c.use() == CertificateUse.TLS && sameBytes(c, presented))
                .orElseThrow(() -> new ApiException(ErrorCode.CERTIFICATE_INVALID));
        if (issued.revokedAt() != null) {
            throw new ApiException(ErrorCode.MEMBER_REVOKED);
        }
        Instant now = clock.instant();
        if (now.isBefore(issued.notBefore()) || !now.isBefore(issued.notAfter())
                || issued.retiredAfter() != null && !now.isBefore(issued.retiredAfter())) {
            throw new ApiException(ErrorCode.CERTIFICATE_INVALID);
        }
        requireActive(issued.member());
        return new Caller.MemberSystem(issued.member(), serial);
    }

    @Override
    public void requireActive(String member) {
        MemberStatus status = registry.statusForAccess(member).orElse(MemberStatus.REVOKED);
        switch (status) {
            case ACTIVE -> { }
            case SUSPENDED -> throw new ApiException(ErrorCode.MEMBER_SUSPENDED);
            case REVOKED -> throw new ApiException(ErrorCode.MEMBER_REVOKED);
        }
    }

    private static boolean sameBytes(IssuedCertificate issued, X509Certificate presented) {
        try {
            return Arrays.equals(issued.der(), presented.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }
}
