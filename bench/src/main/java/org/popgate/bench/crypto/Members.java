package org.popgate.bench.crypto;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.suite.CryptoSuite;

/** A CA with a sender and a recipient, for the package benchmarks. */
final class Members {

    final MemberCa ca;
    final KeyPair senderSigning;
    final X509Certificate senderCertificate;
    final KeyPair recipientEncryption;
    final X509Certificate recipientCertificate;

    Members(CryptoSuite suite) {
        ca = MemberCa.create(suite, "431100.gateway", Clock.systemUTC());
        senderSigning = suite.generateKeyPair();
        senderCertificate = ca.issue(CertificateRequests.create(suite, "431100.gateway", senderSigning),
                CertificateUse.SIGNING, Duration.ofDays(30));
        recipientEncryption = suite.generateKeyPair();
        recipientCertificate = ca.issue(CertificateRequests.create(suite, "431128.police", recipientEncryption),
                CertificateUse.ENCRYPTION, Duration.ofDays(30));
    }
}
