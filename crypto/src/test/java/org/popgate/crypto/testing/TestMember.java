package org.popgate.crypto.testing;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.suite.CryptoSuite;

/** A member as a test needs it: its own key pairs (never leaving the member) and certificates from the CA. */
public record TestMember(String name, KeyPair signing, X509Certificate signingCertificate, KeyPair encryption,
        X509Certificate encryptionCertificate) {

    /** Generates keys, sends CSRs to {@code ca} and keeps the issued certificates. */
    public static TestMember enrol(MemberCa ca, String name) {
        CryptoSuite suite = ca.suite();
        KeyPair signing = suite.generateKeyPair();
        KeyPair encryption = suite.generateKeyPair();
        X509Certificate signingCertificate = ca.issue(CertificateRequests.create(suite, name, signing),
                CertificateUse.SIGNING, Duration.ofDays(365));
        X509Certificate encryptionCertificate = ca.issue(CertificateRequests.create(suite, name, encryption),
                CertificateUse.ENCRYPTION, Duration.ofDays(365));
        return new TestMember(name, signing, signingCertificate, encryption, encryptionCertificate);
    }
}
