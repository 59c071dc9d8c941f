package org.popgate.crypto.ca;

import java.math.BigInteger;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * What a reader trusts: CA certificates (trust anchors), revocation lists from those CAs, and
 * rotation cut-offs. Immutable; {@code with*} methods return an extended copy.
 *
 * <p>Rotation: when a member's certificate is replaced, the old one is {@linkplain #retiring retired}
 * at the end of an overlap window, so packages signed just before the rotation still open, and
 * packages signed with the old key after the window are refused as expired.
 */
public final class CertificateTrust {

    private final List<X509Certificate> anchors;
    private final List<X509CRL> crls;
    private final Map<BigInteger, Instant> retiredAfter;

    private CertificateTrust(List<X509Certificate> anchors, List<X509CRL> crls, Map<BigInteger, Instant> retiredAfter) {
        this.anchors = List.copyOf(anchors);
        this.crls = List.copyOf(crls);
        this.retiredAfter = Map.copyOf(retiredAfter);
    }

    /** Trusts the given CA certificates, with no revocations yet. */
    public static CertificateTrust anchoredAt(Collection<X509Certificate> caCertificates) {
        return new CertificateTrust(new ArrayList<>(caCertificates), List.of(), Map.of());
    }

    /** Trusts one CA certificate. */
    public static CertificateTrust anchoredAt(X509Certificate caCertificate) {
        return anchoredAt(List.of(caCertificate));
    }

    /** Adds a CRL after checking it was signed by one of the anchors. */
    public CertificateTrust withCrl(X509CRL crl) {
        X509Certificate issuer = anchorFor(crl.getIssuerX500Principal().getName());
        try {
            crl.verify(issuer.getPublicKey(), BouncyCastle.provider());
        } catch (Exception e) {
            throw new CryptoException(CryptoErrorCode.UNKNOWN_SIGNER, "The revocation list is not signed by a trusted CA", e);
        }
        List<X509CRL> newer = new ArrayList<>();
        for (X509CRL existing : crls) {
            if (!existing.getIssuerX500Principal().equals(crl.getIssuerX500Principal())) {
                newer.add(existing);
            }
        }
        newer.add(crl);
        return new CertificateTrust(anchors, newer, retiredAfter);
    }

    /** Retires {@code certificate} after {@code lastValid} (end of a rotation overlap window). */
    public CertificateTrust retiring(X509Certificate certificate, Instant lastValid) {
        Map<BigInteger, Instant> retired = new HashMap<>(retiredAfter);
        retired.put(certificate.getSerialNumber(), lastValid);
        return new CertificateTrust(anchors, crls, retired);
    }

    /** The trust anchors. */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    /**
     * Checks that {@code certificate} was issued by an anchor, is valid at {@code at}, is not past its
     * rotation cut-off and is not revoked; throws the matching {@link CryptoException} otherwise.
     */
    public void check(X509Certificate certificate, Instant at) {
        X509Certificate issuer = anchorFor(certificate.getIssuerX500Principal().getName());
        try {
            certificate.verify(issuer.getPublicKey(), BouncyCastle.provider());
        } catch (Exception e) {
            throw new CryptoException(CryptoErrorCode.UNKNOWN_SIGNER, "The certificate is not signed by a trusted CA", e);
        }
        try {
            issuer.checkValidity(Date.from(at));
            certificate.checkValidity(Date.from(at));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new CryptoException(CryptoErrorCode.CERTIFICATE_EXPIRED,
                    "The certificate of " + Members.memberOf(certificate) + " is not valid at " + at);
        }
        Instant cutOff = retiredAfter.get(certificate.getSerialNumber());
        if (cutOff != null && at.isAfter(cutOff)) {
            throw new CryptoException(CryptoErrorCode.CERTIFICATE_EXPIRED,
                    "The certificate of " + Members.memberOf(certificate) + " was rotated out at " + cutOff);
        }
        for (X509CRL crl : crls) {
            if (crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()) && crl.isRevoked(certificate)) {
                throw new CryptoException(CryptoErrorCode.CERTIFICATE_REVOKED,
                        "The certificate of " + Members.memberOf(certificate) + " is revoked");
            }
        }
    }

    private X509Certificate anchorFor(String issuerName) {
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().getName().equals(issuerName)) {
                return anchor;
            }
        }
        throw new CryptoException(CryptoErrorCode.UNKNOWN_SIGNER, "The certificate's issuer is not a trusted CA");
    }
}
