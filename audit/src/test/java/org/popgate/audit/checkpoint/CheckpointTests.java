package org.popgate.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.junit.jupiter.api.Test;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.merkle.TreeHead;
import org.popgate.audit.store.StoredCheckpoint;

class CheckpointTests {

    private static final byte[] ROOT = new byte[32];
    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void signsAndVerifiesC2spCheckpointWithP256AndSm2() {
        for (AuditSuite suite : AuditSuite.values()) {
            AuditFixtures.Keys keys = AuditFixtures.keys(suite);
            SignedCheckpoint cp = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 42, ROOT, T));
            assertThat(cp.note()).startsWith(AuditFixtures.ORIGIN + "\n42\n" + Base64.getEncoder().encodeToString(ROOT)
                    + "\ntime 2026-05-01T10:00:00Z\n\n\u2014 " + AuditFixtures.ORIGIN + " ");
            SignedCheckpoint back = keys.verifier().verify(cp.note());
            assertThat(back.size()).isEqualTo(42);
            assertThat(back.checkpoint().time()).isEqualTo(T);
        }
    }

    @Test
    void rejectsAlteredForeignOrUnsignedNotes() {
        AuditFixtures.Keys keys = AuditFixtures.keys(AuditSuite.INTL);
        AuditFixtures.Keys other = AuditFixtures.keys(AuditSuite.INTL);
        String note = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 42, ROOT, T)).note();
        assertThatThrownBy(() -> keys.verifier().verify(note.replace("\n42\n", "\n41\n")))
                .hasMessageStartingWith("audit_signature_invalid");
        assertThatThrownBy(() -> other.verifier().verify(note)).hasMessageStartingWith("audit_signature_invalid");
        String body = note.substring(0, note.indexOf("\n\n") + 1);
        assertThatThrownBy(() -> keys.verifier().verify(body)).isInstanceOf(AuditException.class);
        String foreignLine = other.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 42, ROOT, T)).note();
        String both = note + foreignLine.substring(foreignLine.indexOf("\n\n") + 2);
        assertThat(keys.verifier().verify(both).size()).isEqualTo(42);
    }

    @Test
    void policySaysDueByTimeSizeAndHeartbeat() {
        CheckpointPolicy p = new CheckpointPolicy(Duration.ofSeconds(10), 1000, Duration.ofHours(1));
        StoredCheckpoint last = new StoredCheckpoint(0, 100, ROOT, T, "n", null);
        assertThat(p.due(T, new TreeHead(0, ROOT), null)).isTrue();
        assertThat(p.due(T.plusSeconds(5), new TreeHead(150, ROOT), last)).isFalse();
        assertThat(p.due(T.plusSeconds(10), new TreeHead(150, ROOT), last)).isTrue();
        assertThat(p.due(T.plusSeconds(1), new TreeHead(1100, ROOT), last)).isTrue();
        assertThat(p.due(T.plusSeconds(600), new TreeHead(100, ROOT), last)).isFalse();
        assertThat(p.due(T.plusSeconds(3600), new TreeHead(100, ROOT), last)).isTrue();
    }

    @Test
    void timestampsCheckpointWithInProcessTsaAndDetectsSwappedNote() throws Exception {
        AuditFixtures.Keys keys = AuditFixtures.keys(AuditSuite.INTL);
        TimestampAuthority tsa = inProcessTsa();
        String note = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 7, ROOT, T)).note();
        byte[] token = Timestamps.stamp(tsa, note);
        assertThat(Timestamps.verify(token, note)).isCloseTo(Instant.now(), within());
        String other = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 8, ROOT, T)).note();
        assertThatThrownBy(() -> Timestamps.verify(token, other))
                .extracting(e -> ((AuditException) e).code()).isEqualTo(AuditErrorCode.TIMESTAMP_INVALID);
        byte[] corrupt = token.clone();
        corrupt[corrupt.length - 5] ^= 1;
        assertThatThrownBy(() -> Timestamps.verify(corrupt, note)).isInstanceOf(AuditException.class);
    }

    private static org.assertj.core.data.TemporalUnitOffset within() {
        return new org.assertj.core.data.TemporalUnitWithinOffset(1, java.time.temporal.ChronoUnit.MINUTES);
    }

    /** A TSA on BC's tsp classes; its certificate has only the critical id-kp-timeStamping EKU. */
    public static TimestampAuthority inProcessTsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", AuditSuite.bc());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=popgate test TSA");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minusSeconds(3600)),
                Date.from(Instant.now().plusSeconds(86400)), name, kp.getPublic());
        builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        var contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(AuditSuite.bc()).build(kp.getPrivate());
        X509Certificate cert = new JcaX509CertificateConverter().setProvider(AuditSuite.bc())
                .getCertificate(builder.build(contentSigner));
        var signerInfo = new JcaSimpleSignerInfoGeneratorBuilder().setProvider(AuditSuite.bc())
                .build("SHA256withECDSA", kp.getPrivate(), cert);
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signerInfo,
                new org.bouncycastle.operator.bc.BcDigestCalculatorProvider().get(
                        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.oiw.OIWObjectIdentifiers.idSHA1)),
                new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4.1"));
        tokens.addCertificates(new JcaCertStore(java.util.List.of(cert)));
        TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        long[] serial = {0};
        return request -> {
            try {
                TimeStampRequest req = new TimeStampRequest(request);
                synchronized (serial) {
                    return responses.generate(req, BigInteger.valueOf(++serial[0]), new Date()).getEncoded();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static {
        assertThat(NISTObjectIdentifiers.id_sha256).isNotNull();
    }
}
