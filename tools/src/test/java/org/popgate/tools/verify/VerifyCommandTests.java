package org.popgate.tools.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.Checkpoint;
import org.popgate.audit.checkpoint.CheckpointSigner;
import org.popgate.audit.checkpoint.TimestampAuthority;
import org.popgate.audit.checkpoint.Timestamps;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.event.EventType;
import org.popgate.audit.merkle.MerkleTree;

class VerifyCommandTests {

    private static final String ORIGIN = "popgate.test/audit";

    @TempDir
    Path dir;

    private List<String> lines;
    private String checkpointNote;

    /** Builds an export the way the gateway writes it: 50 events, one checkpoint, events 3 and 40 exported. */
    @BeforeEach
    void export() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", AuditSuite.bc());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=audit");
        X509Certificate cert = new JcaX509CertificateConverter().setProvider(AuditSuite.bc()).getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(), new Date(System.currentTimeMillis() + 86_400_000L),
                        name, kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider(AuditSuite.bc()).build(kp.getPrivate())));
        MerkleTree tree = new MerkleTree(AuditSuite.INTL);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] leaf = CanonicalEncoding.encode(AuditEvent.builder(EventType.LOGIN_SUCCEEDED)
                    .actor(Actor.person("staff-" + i, "requester", "dept")).build());
            leaves.add(leaf);
            tree.appendEntry(leaf);
        }
        String note = checkpointNote = new CheckpointSigner(AuditSuite.INTL, ORIGIN, kp.getPrivate(), kp.getPublic())
                .sign(new Checkpoint(ORIGIN, 50, tree.root(), Instant.parse("2026-05-01T00:00:00Z"))).note();
        Base64.Encoder b64 = Base64.getEncoder();
        lines = new ArrayList<>(List.of("popgate-audit-export/1", "suite INTL", "origin " + ORIGIN,
                "certificate " + b64.encodeToString(cert.getEncoded()),
                "checkpoint " + b64.encodeToString(note.getBytes()) + " - -"));
        for (int seq : new int[] {3, 40}) {
            List<String> proof = new ArrayList<>();
            tree.inclusionProof(seq, 50).forEach(h -> proof.add(b64.encodeToString(h)));
            lines.add("event " + seq + " " + b64.encodeToString(leaves.get(seq)) + " " + String.join(",", proof));
        }
        lines.add("end");
    }

    @Test
    void verifiesIntactExportAndExitsZero() throws Exception {
        Result r = run(lines);
        assertThat(r.code).isEqualTo(0);
        assertThat(r.out).contains("OK: 2 events, 1 checkpoints, log size 50");
    }

    @Test
    void alteredEventExitsNonZeroNamingTheFirstBadEntry() throws Exception {
        String[] p = lines.get(6).split(" ");
        byte[] leaf = Base64.getDecoder().decode(p[2]);
        leaf[leaf.length - 2] ^= 1;
        lines.set(6, "event 40 " + Base64.getEncoder().encodeToString(leaf) + " " + p[3]);
        Result r = run(lines);
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("first bad entry: line 7 (event seq 40)");
    }

    @Test
    void wrongCertificateFingerprintFails() throws Exception {
        Result r = run(lines, "--expect-fingerprint", "ab".repeat(32));
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("not the expected one");
    }

    @Test
    void timestampedCheckpointVerifiesAgainstThePinnedTsaCertificate() throws Exception {
        Tsa tsa = new Tsa("county TSA");
        timestampCheckpoint(tsa);
        Path pem = dir.resolve("tsa.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(tsa.certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Result r = run(lines, "--tsa-cert", pem.toString());
        assertThat(r.code).as(r.err).isEqualTo(0);
        assertThat(r.out).contains("checkpoint of size 50 timestamped at ").contains("OK: 2 events, 1 checkpoints");
    }

    @Test
    void timestampFailsWithoutAPinnedTsaOrFromAnotherTsa() throws Exception {
        Tsa tsa = new Tsa("county TSA");
        timestampCheckpoint(tsa);
        Result unpinned = run(lines);
        assertThat(unpinned.code).isEqualTo(1);
        assertThat(unpinned.err).contains("first bad entry: line 5 (checkpoint 1)").contains("no TSA trust anchor");

        Path other = dir.resolve("other.der");
        Files.write(other, new Tsa("county TSA").certificate.getEncoded());
        Result wrongTsa = run(lines, "--tsa-cert", other.toString());
        assertThat(wrongTsa.code).isEqualTo(1);
        assertThat(wrongTsa.err).contains("first bad entry: line 5 (checkpoint 1)").contains("untrusted TSA");

        Result both = run(lines, "--tsa-cert", other.toString(), "--tsa-cert", dir.resolve("tsa.der").toString());
        assertThat(both.code).as("a missing certificate file is a usage error").isEqualTo(2);
        assertThat(both.err).contains("cannot read the TSA certificate");
        Files.write(dir.resolve("tsa.der"), tsa.certificate.getEncoded());
        assertThat(run(lines, "--tsa-cert", other.toString(), "--tsa-cert", dir.resolve("tsa.der").toString()).code)
                .as("either pinned TSA is trusted").isEqualTo(0);
    }

    @Test
    void unreadableTsaCertificateIsAUsageError() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a certificate");
        Result r = run(lines, "--tsa-cert", garbage.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("cannot read the TSA certificate");
    }

    @Test
    void missingFileIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = VerifyCommand.run(new String[] {dir.resolve("nope").toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(VerifyCommand.run(new String[] {}, new PrintWriter(out), new PrintWriter(err))).isEqualTo(2);
    }

    private record Result(int code, String out, String err) {}

    /** Puts an RFC 3161 token from {@code tsa} over the checkpoint note into the export's checkpoint line. */
    private void timestampCheckpoint(Tsa tsa) {
        String token = Base64.getEncoder().encodeToString(Timestamps.stamp(tsa.authority, checkpointNote));
        String[] p = lines.get(4).split(" ");
        assertThat(p[0]).isEqualTo("checkpoint");
        lines.set(4, String.join(" ", p[0], p[1], token, p[3]));
    }

    /** A self-signed RFC 3161 TSA on BC's tsp classes, in the test's process (id-kp-timeStamping only). */
    private static final class Tsa {
        final X509Certificate certificate;
        final TimestampAuthority authority;

        Tsa(String name) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", AuditSuite.bc());
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name subject = new X500Name("CN=" + name);
            certificate = new JcaX509CertificateConverter().setProvider(AuditSuite.bc()).getCertificate(
                    new JcaX509v3CertificateBuilder(subject, BigInteger.TWO, new Date(System.currentTimeMillis() - 3_600_000L),
                            new Date(System.currentTimeMillis() + 86_400_000L), subject, kp.getPublic())
                            .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(AuditSuite.bc())
                                    .build(kp.getPrivate())));
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                    .setProvider(AuditSuite.bc()).build("SHA256withECDSA", kp.getPrivate(), certificate),
                    new BcDigestCalculatorProvider().get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1)),
                    new ASN1ObjectIdentifier("1.2.3.4.1"));
            tokens.addCertificates(new JcaCertStore(List.of(certificate)));
            TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
            authority = request -> {
                try {
                    return responses.generate(new TimeStampRequest(request), BigInteger.ONE, new Date()).getEncoded();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        }
    }

    private Result run(List<String> export, String... options) throws Exception {
        Path file = dir.resolve("export.txt");
        Files.writeString(file, String.join("\n", export) + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of(options));
        args.add(file.toString());
        int code = VerifyCommand.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
