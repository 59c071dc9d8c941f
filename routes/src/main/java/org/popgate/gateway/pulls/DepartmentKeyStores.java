package org.popgate.gateway.pulls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.popgate.audit.event.Actor;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.members.Member;
import org.popgate.gateway.members.MemberCas;
import org.popgate.gateway.members.MemberRegistry;
import org.popgate.gateway.members.MemberService;
import org.springframework.stereotype.Component;

/**
 * Makes a department's key store the way a department would: fresh signing and encryption key pairs, enrolled
 * through certificate signing requests (the gateway never keeps the private keys), written with the gateway CA's
 * certificate into a PKCS#12 file for the department tool ({@code popgate-open}). Used for the demo departments
 * and by tests; a real department generates its keys on its own machine and sends only the CSRs.
 */
@Component
public class DepartmentKeyStores {

    private final MemberService members;
    private final MemberRegistry registry;
    private final MemberCas cas;

    DepartmentKeyStores(MemberService members, MemberRegistry registry, MemberCas cas) {
        this.members = members;
        this.registry = registry;
        this.cas = cas;
    }

    /** A written key store and the file holding its password. */
    public record Written(Path keyStore, Path passwordFile) {}

    /** Enrols fresh signing and encryption keys for {@code member} and writes {@code <dir>/<member>.p12}. */
    public Written issue(String member, Path dir, Actor actor) {
        Member m = registry.find(member).orElseThrow(() -> new IllegalArgumentException("no such member"));
        CryptoSuite suite = CryptoSuite.named(m.suite());
        try {
            KeyPair signing = suite.generateKeyPair();
            KeyPair encryption = suite.generateKeyPair();
            X509Certificate signingCertificate = enrol(member, CertificateUse.SIGNING, suite, signing, actor);
            X509Certificate encryptionCertificate = enrol(member, CertificateUse.ENCRYPTION, suite, encryption, actor);
            char[] password = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(new SecureRandom().generateSeed(18)).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12", BouncyCastle.provider());
            store.load(null, null);
            X509Certificate ca = cas.forSuite(m.suite()).certificate();
            store.setKeyEntry("signing", signing.getPrivate(), password, new X509Certificate[] {signingCertificate, ca});
            store.setKeyEntry("encryption", encryption.getPrivate(), password,
                    new X509Certificate[] {encryptionCertificate, ca});
            store.setCertificateEntry("gateway-ca", ca);
            Files.createDirectories(dir);
            Path file = dir.resolve(member + ".p12");
            Path passwordFile = dir.resolve(member + ".password");
            ownerOnly(passwordFile);
            Files.writeString(passwordFile, new String(password) + "\n", StandardCharsets.UTF_8);
            ownerOnly(file);
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return new Written(file, passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the department key store", e);
        }
    }

    private X509Certificate enrol(String member, CertificateUse use, CryptoSuite suite, KeyPair pair, Actor actor)
            throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(CertificateRequests.create(suite, member, pair));
        }
        members.enrol(member, use, pem.toString(), actor);
        return registry.currentCertificate(member, use, java.time.Instant.now()).orElseThrow();
    }

    private static void ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }
}
