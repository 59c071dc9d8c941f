package org.popgate.crypto.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.crypto.testing.TestMember;

class PackageTamperTests {

    @TempDir
    Path spool;

    static List<CryptoSuite> suites() {
        return List.of(CryptoSuite.INTL, CryptoSuite.gm());
    }

    @ParameterizedTest
    @MethodSource("suites")
    void refusesAFlippedByteAnywhereAsTampered(CryptoSuite suite) {
        PackageFixture f = new PackageFixture(suite, spool);
        byte[] bytes = f.write("ex-1", 5);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < bytes.length; i++) {
            // Every byte of the unencrypted header and trailer; a sample of the encrypted middle.
            boolean edge = i < 400 || i >= bytes.length - 40;
            if (edge || i % 11 == 0) {
                byte[] tampered = bytes.clone();
                tampered[i] ^= (byte) (1 << (i % 8));
                outcomes.merge(outcome(f, tampered), 1, Integer::sum);
            }
        }
        assertThat(outcomes).containsOnlyKeys("crypto_tampered_content");
    }

    @ParameterizedTest
    @MethodSource("suites")
    void refusesEveryTruncationAsTruncated(CryptoSuite suite) {
        PackageFixture f = new PackageFixture(suite, spool);
        byte[] bytes = f.write("ex-1", 5);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int cut = 1; cut <= bytes.length; cut++) {
            if (cut <= 40 || cut % 7 == 0 || cut == bytes.length) {
                outcomes.merge(outcome(f, Arrays.copyOf(bytes, bytes.length - cut)), 1, Integer::sum);
            }
        }
        assertThat(outcomes).containsOnlyKeys("crypto_truncated_package");
    }

    @Test
    void refusesBytesAppendedAfterThePackage() {
        PackageFixture f = new PackageFixture(CryptoSuite.INTL, spool);
        byte[] bytes = f.write("ex-1", 2);
        assertThat(outcome(f, Arrays.copyOf(bytes, bytes.length + 2))).isEqualTo("crypto_tampered_content");
    }

    @ParameterizedTest
    @MethodSource("suites")
    void refusesAManifestSwappedInFromAnotherPackageAsDigestMismatch(CryptoSuite suite) throws Exception {
        PackageFixture f = new PackageFixture(suite, spool);
        CMSSignedData a = new CMSSignedData(decrypt(f.write("ex-1", 3), f.police));
        CMSSignedData b = new CMSSignedData(decrypt(f.write("ex-1", 4), f.police));
        byte[] grafted = CMSSignedData.replaceSigners(a, b.getSignerInfos()).getEncoded();
        byte[] repacked = envelope(suite, grafted, f.police);
        assertThat(outcome(f, repacked)).isEqualTo("crypto_digest_mismatch");
    }

    @ParameterizedTest
    @MethodSource("suites")
    void refusesAPackageReSignedByAnUnknownKey(CryptoSuite suite) throws Exception {
        PackageFixture f = new PackageFixture(suite, spool);
        MemberCa rogueCa = MemberCa.create(suite, "431100.gateway", Clock.systemUTC());
        TestMember rogue = TestMember.enrol(rogueCa, "431100.gateway");
        byte[] repacked = envelope(suite, reSign(suite, decrypt(f.write("ex-1", 3), f.police), rogue), f.police);
        assertThat(outcome(f, repacked)).isEqualTo("crypto_unknown_signer");
    }

    @ParameterizedTest
    @MethodSource("suites")
    void refusesAPackageReSignedByAnotherTrustedMemberAsSignerMismatch(CryptoSuite suite) throws Exception {
        PackageFixture f = new PackageFixture(suite, spool);
        byte[] repacked = envelope(suite, reSign(suite, decrypt(f.write("ex-1", 3), f.police), f.archive), f.police);
        assertThat(outcome(f, repacked)).isEqualTo("crypto_signer_mismatch");
    }

    @ParameterizedTest
    @MethodSource("suites")
    void refusesAPackageAddressedToSomeoneElse(CryptoSuite suite) {
        PackageFixture f = new PackageFixture(suite, spool);
        byte[] forArchiveOnly = f.write("ex-1", 3, f.archive);
        assertThat(outcome(f, forArchiveOnly)).isEqualTo("crypto_wrong_recipient");
    }

    @Test
    void refusesAPackageWhoseManifestNamesAnotherRecipient() {
        PackageFixture f = new PackageFixture(CryptoSuite.INTL, spool);
        byte[] bytes = f.write("ex-1", 3);
        assertThatThrownBy(() -> f.reader(f.police).open(new ByteArrayInputStream(bytes),
                        Expected.of("ex-1", "431128.civilaffairs", null)))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.WRONG_RECIPIENT));
    }

    @ParameterizedTest
    @MethodSource("suites")
    void refusesAPackageReplayedUnderAnotherExchangeId(CryptoSuite suite) {
        PackageFixture f = new PackageFixture(suite, spool);
        byte[] bytes = f.write("ex-1", 3);
        assertThatThrownBy(() -> f.open(bytes, f.police, "ex-2"))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.REPLAYED_PACKAGE));
    }

    @Test
    void refusesAManifestWhoseCountDiffersFromTheRecords() {
        PackageFixture f = new PackageFixture(CryptoSuite.INTL, spool);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.writer(f.police)
                .withManifestHook(m -> new Manifest(m.exchangeId(), m.approvalId(), m.sender(), m.recipient(), m.purpose(),
                        m.legalBasis(), m.createdAt(), m.contentType(), m.encoding(), m.recordCount() + 1,
                        m.schemaVersion(), m.pseudonymKeyVersion(), m.recordsSha256(), m.envelopeSha256()))
                .write(f.header("ex-1"), PackageFixture.records(3), out);
        assertThat(outcome(f, out.toByteArray())).isEqualTo("crypto_count_mismatch");
    }

    @Test
    void refusesAPackageSignedWithARevokedCertificate() {
        PackageFixture f = new PackageFixture(CryptoSuite.INTL, spool);
        byte[] bytes = f.write("ex-1", 3);
        f.ca.revoke(f.gateway.signingCertificate());
        PackageReader reader = f.reader(f.police).withTrust(CertificateTrust.anchoredAt(f.ca.certificate()).withCrl(f.ca.crl()));
        assertThatThrownBy(() -> reader.open(new ByteArrayInputStream(bytes), Expected.of("ex-1", f.police.name(), null)))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.CERTIFICATE_REVOKED));
    }

    @Test
    void refusesAPackageSignedWithAnExpiredCertificate() {
        PackageFixture f = new PackageFixture(CryptoSuite.gm(), spool);
        byte[] bytes = f.write("ex-1", 3);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC);
        PackageReader reader = PackageReader.of(f.suite, f.police.encryption().getPrivate(),
                f.police.encryptionCertificate(), CertificateTrust.anchoredAt(f.ca.certificate()), spool, later);
        assertThatThrownBy(() -> reader.open(new ByteArrayInputStream(bytes), Expected.of("ex-1", f.police.name(), null)))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.CERTIFICATE_EXPIRED));
    }

    @Test
    void refusesAPackageSignedAfterTheRotationOverlapEnded() {
        PackageFixture f = new PackageFixture(CryptoSuite.INTL, spool);
        byte[] bytes = f.write("ex-1", 3);
        CertificateTrust rotated = CertificateTrust.anchoredAt(f.ca.certificate())
                .retiring(f.gateway.signingCertificate(), Instant.now().minusSeconds(1));
        assertThatThrownBy(() -> f.reader(f.police).withTrust(rotated)
                        .open(new ByteArrayInputStream(bytes), Expected.of("ex-1", f.police.name(), null)))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.CERTIFICATE_EXPIRED));
        CertificateTrust inOverlap = CertificateTrust.anchoredAt(f.ca.certificate())
                .retiring(f.gateway.signingCertificate(), Instant.now().plus(Duration.ofDays(7)));
        try (OpenedPackage opened = f.reader(f.police).withTrust(inOverlap)
                .open(new ByteArrayInputStream(bytes), Expected.of("ex-1", f.police.name(), null))) {
            assertThat(opened.records()).hasSize(3);
        }
    }

    @Test
    void opensForEveryRecipientOfAPackage() {
        PackageFixture f = new PackageFixture(CryptoSuite.INTL, spool);
        byte[] bytes = f.write("ex-1", 10, f.police, f.archive);
        for (TestMember member : List.of(f.police, f.archive)) {
            try (OpenedPackage opened = f.open(bytes, member, "ex-1")) {
                assertThat(opened.records()).hasSize(10);
            }
        }
    }

    private static String outcome(PackageFixture f, byte[] bytes) {
        try (OpenedPackage opened = f.open(bytes, f.police, "ex-1")) {
            opened.records().count();
            return "opened";
        } catch (CryptoException e) {
            return e.code().code();
        }
    }

    private static byte[] decrypt(byte[] bytes, TestMember member) throws Exception {
        CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(new ByteArrayInputStream(bytes));
        CryptoSuite suite = member.encryptionCertificate().getSigAlgName().contains("SM") ? CryptoSuite.gm() : CryptoSuite.INTL;
        RecipientInformation info = parser.getRecipientInfos().get(suite.recipientId(member.encryptionCertificate()));
        return info.getContent(suite.recipient(member.encryption().getPrivate()));
    }

    private static byte[] envelope(CryptoSuite suite, byte[] inner, TestMember recipient) throws Exception {
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        generator.addRecipientInfoGenerator(suite.recipientInfo(recipient.encryptionCertificate()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = generator.open(out, suite.contentEncryptor())) {
            stream.write(inner);
        }
        return out.toByteArray();
    }

    /** Keeps content and manifest, replaces the signature with one by {@code signer}. */
    private static byte[] reSign(CryptoSuite suite, byte[] inner, TestMember signer) throws Exception {
        CMSSignedData original = new CMSSignedData(inner);
        byte[] content = (byte[]) original.getSignedContent().getContent();
        Attribute manifest = original.getSignerInfos().getSigners().iterator().next().getSignedAttributes()
                .get(PackageFormat.MANIFEST_ATTRIBUTE);
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        X509Certificate certificate = signer.signingCertificate();
        generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(suite.digestCalculators())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(manifest)))
                .build(suite.contentSigner(signer.signing().getPrivate()), new JcaX509CertificateHolder(certificate)));
        generator.addCertificates(new JcaCertStore(List.of(certificate)));
        return generator.generate(new CMSProcessableByteArray(content), true).getEncoded();
    }
}
