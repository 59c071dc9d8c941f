package org.popgate.gateway.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.popgate.crypto.keys.GatewayKeyStore;

/**
 * The gateway's own TLS server key (P-256, self-signed for its host names, kept in the key store) and the
 * JDK key stores Tomcat's JSSE needs: keys and certificates are re-encoded for the JDK providers, because
 * the gateway key store hands out Bouncy Castle objects. Shared by the HTTPS listener and the broker's network
 * listener (package broker), which present the same server key.
 */
public final class GatewayTlsKeys {

    public static final String ALIAS = "tls-server";

    private GatewayTlsKeys() {}

    /** The server key store (alias {@link #ALIAS}) with {@code password}, creating the key the first time. */
    public static KeyStore serverKeyStore(GatewayKeyStore keys, String gatewayName, List<String> hostnames, char[] password) {
        try {
            synchronized (keys) {
                if (keys.privateKey(ALIAS) == null) {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
                    KeyPair pair = generator.generateKeyPair();
                    keys.storeKeyPair(ALIAS, pair.getPrivate(), selfSigned(pair, gatewayName, hostnames));
                }
            }
            PrivateKey key = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(keys.privateKey(ALIAS).getEncoded()));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry(ALIAS, key, password, new X509Certificate[] {jdk(keys.certificate(ALIAS))});
            return store;
        } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot prepare the gateway's TLS key", e);
        }
    }

    /** A trust store holding the member TLS CA: client certificates must chain to it. */
    public static KeyStore trustStore(X509Certificate memberTlsCa) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("member-tls-ca", jdk(memberTlsCa));
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot prepare the member CA trust store", e);
        }
    }

    static X509Certificate jdk(X509Certificate certificate) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
    }

    private static X509Certificate selfSigned(KeyPair pair, String gatewayName, List<String> hostnames)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException,
            org.bouncycastle.cert.CertIOException {
        X500Name name = new X500Name("CN=" + gatewayName + " TLS,O=popgate");
        Instant now = Instant.now();
        GeneralName[] names = hostnames.stream()
                .map(h -> new GeneralName(h.matches("[0-9.]+|.*:.*") ? GeneralName.iPAddress : GeneralName.dNSName, h))
                .toArray(GeneralName[]::new);
        org.bouncycastle.cert.X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(127, new SecureRandom()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(825, ChronoUnit.DAYS)), name,
                pair.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
