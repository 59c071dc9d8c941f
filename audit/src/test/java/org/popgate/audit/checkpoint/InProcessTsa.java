package org.popgate.audit.checkpoint;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
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
import org.popgate.audit.AuditSuite;

/**
 * An RFC 3161 TSA in the test's process on BC's tsp classes; its certificate has only the critical
 * id-kp-timeStamping EKU. Either self-signed or issued by a small TSA {@link Ca}.
 */
public record InProcessTsa(TimestampAuthority authority, X509Certificate certificate) {

    private static final AtomicLong SERIALS = new AtomicLong(1);

    public static InProcessTsa selfSigned(String name) throws Exception {
        KeyPair kp = newKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        return of(kp, issue(subject, kp, subject, kp.getPrivate(), false));
    }

    /** A CA that issues TSA certificates. */
    public record Ca(KeyPair keyPair, X509Certificate certificate) {

        public static Ca create(String name) throws Exception {
            KeyPair kp = newKeyPair();
            X500Name subject = new X500Name("CN=" + name);
            return new Ca(kp, InProcessTsa.issue(subject, kp, subject, kp.getPrivate(), true));
        }

        public InProcessTsa issueTsa(String name) throws Exception {
            KeyPair kp = newKeyPair();
            X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            return of(kp, InProcessTsa.issue(new X500Name("CN=" + name), kp, issuer, keyPair.getPrivate(), false));
        }
    }

    private static InProcessTsa of(KeyPair kp, X509Certificate cert) throws Exception {
        var signerInfo = new JcaSimpleSignerInfoGeneratorBuilder().setProvider(AuditSuite.bc())
                .build("SHA256withECDSA", kp.getPrivate(), cert);
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signerInfo,
                new BcDigestCalculatorProvider().get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1)),
                new ASN1ObjectIdentifier("1.2.3.4.1"));
        tokens.addCertificates(new JcaCertStore(List.of(cert)));
        TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        AtomicLong serial = new AtomicLong();
        TimestampAuthority authority = request -> {
            try {
                synchronized (responses) {
                    return responses.generate(new TimeStampRequest(request), BigInteger.valueOf(serial.incrementAndGet()),
                            new Date()).getEncoded();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        return new InProcessTsa(authority, cert);
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", AuditSuite.bc());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate issue(X500Name subject, KeyPair subjectKeys, X500Name issuer,
            PrivateKey issuerKey, boolean ca) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plusSeconds(86400)), subject,
                subjectKeys.getPublic());
        if (ca) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        } else {
            builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        }
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(AuditSuite.bc()).build(issuerKey);
        return new JcaX509CertificateConverter().setProvider(AuditSuite.bc()).getCertificate(builder.build(signer));
    }
}
