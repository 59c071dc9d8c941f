package org.popgate.crypto.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.crypto.testing.TestMember;

class ReceiptsTests {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void aSignedReceiptVerifiesForBothSuites() {
        for (CryptoSuite suite : new CryptoSuite[] {CryptoSuite.INTL, CryptoSuite.gm()}) {
            MemberCa ca = MemberCa.create(suite, "431100.gateway", Clock.systemUTC());
            TestMember health = TestMember.enrol(ca, "431128.health");
            Receipt receipt = new Receipt("ex-1", "431100.gateway", "431128.health", 42, "ab".repeat(32), NOW);

            String signed = Receipts.sign(receipt, suite, health.signing().getPrivate(), health.signingCertificate());

            assertThat(Receipts.verify(signed, suite, CertificateTrust.anchoredAt(ca.certificate()), Instant.now()))
                    .isEqualTo(receipt);
        }
    }

    @Test
    void anAlteredReceiptOrOneSignedForAnotherMemberIsRefused() {
        CryptoSuite suite = CryptoSuite.INTL;
        MemberCa ca = MemberCa.create(suite, "431100.gateway", Clock.systemUTC());
        TestMember health = TestMember.enrol(ca, "431128.health");
        TestMember police = TestMember.enrol(ca, "431128.police");
        CertificateTrust trust = CertificateTrust.anchoredAt(ca.certificate());
        Receipt receipt = new Receipt("ex-1", "431100.gateway", "431128.health", 42, "ab".repeat(32), NOW);
        String signed = Receipts.sign(receipt, suite, health.signing().getPrivate(), health.signingCertificate());

        assertThatThrownBy(() -> Receipts.verify(signed.replace("records: 42", "records: 43"), suite, trust, Instant.now()))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.BAD_SIGNATURE));
        String byPolice = Receipts.sign(receipt, suite, police.signing().getPrivate(), police.signingCertificate());
        assertThatThrownBy(() -> Receipts.verify(byPolice, suite, trust, Instant.now()))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.SIGNER_MISMATCH));
        MemberCa otherCa = MemberCa.create(suite, "440300.gateway", Clock.systemUTC());
        TestMember stranger = TestMember.enrol(otherCa, "431128.health");
        String byStranger = Receipts.sign(receipt, suite, stranger.signing().getPrivate(), stranger.signingCertificate());
        assertThatThrownBy(() -> Receipts.verify(byStranger, suite, trust, Instant.now()))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Receipts.verify("popgate-receipt/1\nexchange: x\n", suite, trust, Instant.now()))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.BAD_RECEIPT));
    }
}
