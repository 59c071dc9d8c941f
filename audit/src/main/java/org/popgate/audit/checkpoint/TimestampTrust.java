package org.popgate.audit.checkpoint;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;

/**
 * Which time-stamping authorities a verifier believes: the pinned TSA certificates. A token's signer
 * certificate must be one of them, or be issued (signed) by one of them that is a CA. A token from any
 * other TSA is refused with {@code audit_timestamp_invalid}, however valid its signature: anyone can
 * run a TSA and stamp any time they like.
 *
 * <p>{@link #none()} trusts no TSA: a verifier without a configured anchor refuses every token
 * instead of accepting whatever certificate a token carries (fail closed).
 */
public final class TimestampTrust {

    private static final TimestampTrust NONE = new TimestampTrust(List.of());

    private final List<X509Certificate> anchors;
    private final List<byte[]> encodedAnchors;

    private TimestampTrust(List<X509Certificate> anchors) {
        this.anchors = List.copyOf(anchors);
        this.encodedAnchors = this.anchors.stream().map(TimestampTrust::encoded).toList();
    }

    /** Trusts tokens signed with one of these TSA certificates (or with a certificate one of these CAs issued). */
    public static TimestampTrust pinned(List<X509Certificate> tsaCertificates) {
        if (tsaCertificates.isEmpty()) {
            throw new IllegalArgumentException("pin at least one TSA certificate, or use none()");
        }
        return new TimestampTrust(tsaCertificates);
    }

    /** Trusts tokens signed with this TSA certificate (or with a certificate this CA issued). */
    public static TimestampTrust pinned(X509Certificate tsaCertificate) {
        return pinned(List.of(tsaCertificate));
    }

    /** Trusts no TSA: every token is refused. */
    public static TimestampTrust none() {
        return NONE;
    }

    /** Whether any TSA is trusted. */
    public boolean configured() {
        return !anchors.isEmpty();
    }

    /** Throws {@code audit_timestamp_invalid} unless {@code signer} is pinned or was issued by a pinned CA. */
    void check(X509Certificate signer) {
        if (anchors.isEmpty()) {
            throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "no TSA trust anchor is configured");
        }
        byte[] encoded = encoded(signer);
        for (int i = 0; i < anchors.size(); i++) {
            if (Arrays.equals(encoded, encodedAnchors.get(i)) || issuedBy(signer, anchors.get(i))) {
                return;
            }
        }
        throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "timestamp is signed by an untrusted TSA");
    }

    private static boolean issuedBy(X509Certificate signer, X509Certificate anchor) {
        if (anchor.getBasicConstraints() < 0 || !signer.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
            return false;
        }
        try {
            signer.verify(anchor.getPublicKey(), AuditSuite.bc());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "TSA certificate cannot be encoded", e);
        }
    }
}
