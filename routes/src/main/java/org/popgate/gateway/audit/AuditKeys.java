package org.popgate.gateway.audit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.popgate.audit.AuditSuite;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.keys.GatewayKeyStore;

/**
 * The gateway's audit signing key (checkpoints) and its self-signed certificate, generated into the key
 * store on first start. The certificate is what an auditor's offline verifier trusts.
 */
public final class AuditKeys {

    static final String SIGNING_ALIAS = "audit-signing";
    /** Key-store alias of the row-seal HMAC key (a restore verifies the restored log with it, offline). */
    public static final String ROW_SEAL_ALIAS = "audit-row-seal";
    static final String SUBJECT_HASH_ALIAS = "audit-subject-hash";

    /** Key-store alias of the checkpoint signing key of {@code suite}. */
    public static String signingAlias(AuditSuite suite) {
        return SIGNING_ALIAS + "-" + suite.name().toLowerCase();
    }

    private AuditKeys() {}

    /** The signing key pair's private key and certificate, created the first time. */
    static Signing signing(GatewayKeyStore keyStore, AuditSuite suite, String member) {
        String alias = signingAlias(suite);
        synchronized (keyStore) {
            try {
                if (!keyStore.keyStore().containsAlias(alias)) {
                    KeyPair pair = generate(suite);
                    keyStore.storeKeyPair(alias, pair.getPrivate(), selfSigned(pair, suite, member));
                }
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot create the audit signing key", e);
            }
            return new Signing(keyStore.privateKey(alias), keyStore.certificate(alias));
        }
    }

    record Signing(PrivateKey privateKey, X509Certificate certificate) {}

    private static KeyPair generate(AuditSuite suite) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
        generator.initialize(new ECGenParameterSpec(suite == AuditSuite.GM ? "sm2p256v1" : "secp256r1"),
                new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair pair, AuditSuite suite, String member)
            throws GeneralSecurityException, OperatorCreationException {
        X500Name name = new X500Name("CN=" + member + " audit, O=popgate");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(3650, ChronoUnit.DAYS)), name, pair.getPublic());
        return new JcaX509CertificateConverter().setProvider(BouncyCastle.provider()).getCertificate(
                builder.build(new JcaContentSignerBuilder(suite.signatureAlgorithm())
                        .setProvider(BouncyCastle.provider()).build(pair.getPrivate())));
    }
}
