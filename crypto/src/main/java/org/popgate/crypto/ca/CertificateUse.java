package org.popgate.crypto.ca;

/** What a member certificate is for; each use gets its own key pair and certificate. */
public enum CertificateUse {
    /** Signing exchange packages (digitalSignature, nonRepudiation). */
    SIGNING,
    /** Receiving exchange packages: ECDH key agreement (INTL) or SM2 key transport (GM). */
    ENCRYPTION,
    /** mTLS to the gateway: always P-256 from the INTL CA, because the JDK's TLS has no SM2. */
    TLS
}
