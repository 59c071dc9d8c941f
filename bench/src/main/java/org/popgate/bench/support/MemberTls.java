package org.popgate.bench.support;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.popgate.audit.event.Actor;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.members.MemberRegistry;
import org.popgate.gateway.members.MemberService;
import org.springframework.context.ApplicationContext;

/**
 * A member system's mutual-TLS identity on a running gateway, as its system administrator enrols it: a fresh P-256
 * key, a TLS certificate issued by the gateway's member CA, and a client context that trusts the gateway's server
 * certificate. (PullLookupBenchmark builds the same inline.)
 */
public final class MemberTls {

    private MemberTls() {}

    /** Enrols a TLS certificate for the existing {@code member} and returns the client context presenting it. */
    public static SSLContext enrol(ApplicationContext gateway, String member) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        StringWriter csr = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(csr)) {
            writer.writeObject(CertificateRequests.create(CryptoSuite.INTL, member, key));
        }
        gateway.getBean(MemberService.class).enrol(member, CertificateUse.TLS, csr.toString(),
                Actor.person("bench", "SYSADMIN", null));
        X509Certificate certificate = gateway.getBean(MemberRegistry.class)
                .currentCertificate(member, CertificateUse.TLS, Instant.now()).orElseThrow();
        CertificateFactory jdk = CertificateFactory.getInstance("X.509");
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("member", key.getPrivate(), "x".toCharArray(), new X509Certificate[] {
                (X509Certificate) jdk.generateCertificate(new ByteArrayInputStream(certificate.getEncoded()))});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, "x".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", jdk.generateCertificate(new ByteArrayInputStream(
                gateway.getBean(GatewayKeyStore.class).certificate("tls-server").getEncoded())));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ssl;
    }
}
