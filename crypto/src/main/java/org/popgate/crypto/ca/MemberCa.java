package org.popgate.crypto.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * The gateway's small CA for one suite: issues member certificates from PKCS#10 requests (so the
 * gateway never holds a member's private key), revokes them and publishes a signed CRL.
 *
 * <p>The CA key lives in the gateway key store under {@code ca-<suite>}. The revoked-serial set is
 * kept in memory here; the gateway persists it (its database) and replays it with {@link #revoke}
 * at start. TLS certificates always come from the INTL CA: the JDK's TLS cannot verify SM2.
 */
public final class MemberCa {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CryptoSuite suite;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;
    private final Clock clock;
    private final Map<BigInteger, Instant> revoked = new ConcurrentHashMap<>();

    private MemberCa(CryptoSuite suite, PrivateKey caKey, X509Certificate caCertificate, Clock clock) {
        this.suite = suite;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
        this.clock = clock;
    }

    /** Opens the CA for {@code suite} from the key store, creating its key and self-signed certificate the first time. */
    public static MemberCa openOrCreate(GatewayKeyStore keys, CryptoSuite suite, String gatewayName, Clock clock) {
        String alias = "ca-" + suite.name().toLowerCase(java.util.Locale.ROOT);
        synchronized (keys) {
            PrivateKey key = keys.privateKey(alias);
            if (key != null) {
                return new MemberCa(suite, key, keys.certificate(alias), clock);
            }
            MemberCa ca = create(suite, gatewayName, clock);
            keys.storeKeyPair(alias, ca.caKey, ca.caCertificate);
            return ca;
        }
    }

    /** A CA with a fresh key that lives in memory only (tests, demo members). */
    public static MemberCa create(CryptoSuite suite, String gatewayName, Clock clock) {
        KeyPair pair = suite.generateKeyPair();
        Instant now = clock.instant();
        X500Name name = new X500Name("CN=" + gatewayName + " " + suite.name() + " member CA,O=popgate");
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = convert(builder, signer(suite, pair.getPrivate()));
            return new MemberCa(suite, pair.getPrivate(), cert, clock);
        } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot create the member CA", e);
        }
    }

    /** The CA certificate members and readers trust. */
    public X509Certificate certificate() {
        return caCertificate;
    }

    /** The suite this CA signs with. */
    public CryptoSuite suite() {
        return suite;
    }

    /**
     * Issues a certificate for the subject of {@code csr} after checking its signature, its member
     * name and that its key fits {@code use} (suite curve, or P-256 for TLS).
     */
    public X509Certificate issue(PKCS10CertificationRequest csr, CertificateUse use, Duration validity) {
        JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr).setProvider(BouncyCastle.provider());
        PublicKey publicKey;
        try {
            publicKey = request.getPublicKey();
            boolean valid = request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.provider()).build(publicKey));
            if (!valid) {
                throw new CryptoException(CryptoErrorCode.BAD_CSR, "The certificate request's signature does not verify");
            }
        } catch (CryptoException e) {
            throw e;
        } catch (Exception e) {
            throw new CryptoException(CryptoErrorCode.BAD_CSR, "The certificate request cannot be read", e);
        }
        String member = Members.cn(csr.getSubject());
        Members.requireValid(member);
        if (use == CertificateUse.TLS && !(suite instanceof CryptoSuite.Intl)) {
            throw new CryptoException(CryptoErrorCode.BAD_CSR, "TLS certificates are issued by the INTL CA");
        }
        ASN1ObjectIdentifier expectedCurve = use == CertificateUse.TLS || suite instanceof CryptoSuite.Intl
                ? SECObjectIdentifiers.secp256r1 : GMObjectIdentifiers.sm2p256v1;
        if (!expectedCurve.equals(curveOf(csr.getSubjectPublicKeyInfo()))) {
            throw new CryptoException(CryptoErrorCode.BAD_CSR, "The request's key is not on the curve this use needs");
        }
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), Members.subject(member),
                    publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, keyUsage(use))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(caCertificate));
            if (use == CertificateUse.TLS) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, member)));
            }
            return convert(builder, signer(suite, caKey));
        } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot issue a certificate for " + member, e);
        }
    }

    /** Revokes the certificate with {@code serial} (idempotent); the next {@link #crl()} lists it. */
    public void revoke(BigInteger serial) {
        revoked.putIfAbsent(serial, clock.instant());
    }

    /** Revokes {@code certificate}. */
    public void revoke(X509Certificate certificate) {
        revoke(certificate.getSerialNumber());
    }

    /** A CRL signed by this CA listing every revoked serial, valid for one day. */
    public X509CRL crl() {
        Instant now = clock.instant();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        revoked.forEach((serial, at) -> builder.addCRLEntry(serial, Date.from(at), CRLReason.keyCompromise));
        try {
            X509CRLHolder holder = builder.build(signer(suite, caKey));
            return new JcaX509CRLConverter().setProvider(BouncyCastle.provider()).getCRL(holder);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot sign the revocation list", e);
        }
    }

    private static ASN1ObjectIdentifier curveOf(SubjectPublicKeyInfo info) {
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
            return null;
        }
        return algorithm.getParameters() instanceof ASN1ObjectIdentifier oid ? oid : null;
    }

    private KeyUsage keyUsage(CertificateUse use) {
        return switch (use) {
            case SIGNING -> new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
            case ENCRYPTION -> suite instanceof CryptoSuite.Intl
                    ? new KeyUsage(KeyUsage.keyAgreement)
                    : new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment);
            case TLS -> new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement);
        };
    }

    private static ContentSigner signer(CryptoSuite suite, PrivateKey key) throws org.bouncycastle.operator.OperatorCreationException {
        return new JcaContentSignerBuilder(suite.signatureAlgorithm()).setProvider(BouncyCastle.provider()).build(key);
    }

    private static X509Certificate convert(X509v3CertificateBuilder builder, ContentSigner signer) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().setProvider(BouncyCastle.provider()).getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
