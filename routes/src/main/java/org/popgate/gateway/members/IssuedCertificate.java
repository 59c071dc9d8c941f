package org.popgate.gateway.members;

import java.time.Instant;
import org.popgate.crypto.ca.CertificateUse;

/** A certificate the gateway's CA issued to a member (public part only), with its rotation and revocation times. */
record IssuedCertificate(String serial, String member, CertificateUse use, String suite, Instant notBefore,
        Instant notAfter, Instant issuedAt, Instant retiredAfter, Instant revokedAt, byte[] der) {

    boolean current(Instant now) {
        return revokedAt == null && (retiredAfter == null || now.isBefore(retiredAfter)) && now.isBefore(notAfter);
    }
}
