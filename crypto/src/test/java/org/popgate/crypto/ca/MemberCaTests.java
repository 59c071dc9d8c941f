package org.popgate.crypto.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;

class MemberCaTests {

    @TempDir
    Path dir;

    @Test
    void issuesSigningEncryptionAndTlsCertificatesFromCsrsForBothSuites() throws Exception {
        GatewayKeyStore keys = GatewayKeyStore.openOrCreate(dir.resolve("k.bcfks"), "pw".toCharArray());
        MemberCa intl = MemberCa.openOrCreate(keys, CryptoSuite.INTL, "431100.gateway", Clock.systemUTC());
        MemberCa gm = MemberCa.openOrCreate(keys, CryptoSuite.gm(), "431100.gateway", Clock.systemUTC());
        for (MemberCa ca : new MemberCa[] {intl, gm}) {
            KeyPair pair = ca.suite().generateKeyPair();
            X509Certificate cert = ca.issue(CertificateRequests.create(ca.suite(), "431128.police", pair),
                    CertificateUse.SIGNING, Duration.ofDays(30));
            assertThat(Members.memberOf(cert)).isEqualTo("431128.police");
            assertThat(cert.getPublicKey()).isEqualTo(pair.getPublic());
            assertThat(cert.getKeyUsage()[0]).isTrue();
            CertificateTrust.anchoredAt(ca.certificate()).check(cert, Instant.now());
        }
        KeyPair tls = CryptoSuite.INTL.generateKeyPair();
        X509Certificate tlsCert = intl.issue(CertificateRequests.create(CryptoSuite.INTL, "431128.police", tls),
                CertificateUse.TLS, Duration.ofDays(30));
        assertThat(tlsCert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        // The CA key survives a restart: same CA certificate after reopening the key store.
        MemberCa again = MemberCa.openOrCreate(GatewayKeyStore.openOrCreate(dir.resolve("k.bcfks"), "pw".toCharArray()),
                CryptoSuite.gm(), "431100.gateway", Clock.systemUTC());
        assertThat(again.certificate()).isEqualTo(gm.certificate());
    }

    @Test
    void refusesACsrWhoseKeyDoesNotFitTheUse() {
        MemberCa gm = MemberCa.create(CryptoSuite.gm(), "431100.gateway", Clock.systemUTC());
        KeyPair p256 = CryptoSuite.INTL.generateKeyPair();
        assertThatThrownBy(() -> gm.issue(CertificateRequests.create(CryptoSuite.INTL, "431128.police", p256),
                CertificateUse.SIGNING, Duration.ofDays(1)))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.BAD_CSR));
        assertThatThrownBy(() -> gm.issue(CertificateRequests.create(CryptoSuite.INTL, "431128.police", p256),
                CertificateUse.TLS, Duration.ofDays(1)))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.BAD_CSR));
    }

    @Test
    void refusesRevokedAndForeignCertificates() {
        MemberCa ca = MemberCa.create(CryptoSuite.INTL, "431100.gateway", Clock.systemUTC());
        KeyPair pair = CryptoSuite.INTL.generateKeyPair();
        X509Certificate cert = ca.issue(CertificateRequests.create(CryptoSuite.INTL, "431128.police", pair),
                CertificateUse.SIGNING, Duration.ofDays(30));
        ca.revoke(cert);
        CertificateTrust trust = CertificateTrust.anchoredAt(ca.certificate()).withCrl(ca.crl());
        assertThatThrownBy(() -> trust.check(cert, Instant.now()))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.CERTIFICATE_REVOKED));
        MemberCa other = MemberCa.create(CryptoSuite.INTL, "431100.gateway", Clock.systemUTC());
        assertThatThrownBy(() -> CertificateTrust.anchoredAt(other.certificate()).check(cert, Instant.now()))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.UNKNOWN_SIGNER));
    }
}
