package org.popgate.gateway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.backup.BackupException.Failure;

/**
 * The keys around backups. The gateway signs backups with its own backup signing key (P-256, in the
 * gateway key store, created on first use); it encrypts data backups to the backup recipient's
 * certificate and key-store escrows to the escrow certificate, whose private keys it never holds: they
 * live offline (a PKCS#12 file on removable media or a smart card), made with {@link #generateOffline}.
 */
public final class BackupKeys {

    static final String SIGNING_ALIAS = "backup-signing";

    private BackupKeys() {}

    /** The gateway's backup signing key and certificate, created the first time. */
    static BackupArchive.Key signing(GatewayKeyStore keyStore, String member) {
        synchronized (keyStore) {
            try {
                if (!keyStore.keyStore().containsAlias(SIGNING_ALIAS)) {
                    KeyPair pair = CryptoSuite.INTL.generateKeyPair();
                    keyStore.storeKeyPair(SIGNING_ALIAS, pair.getPrivate(), selfSigned(pair, member + " backup"));
                }
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new BackupException(Failure.NOT_CONFIGURED, "cannot create the backup signing key", e);
            }
            return new BackupArchive.Key(keyStore.privateKey(SIGNING_ALIAS), keyStore.certificate(SIGNING_ALIAS));
        }
    }

    /** The backup signing certificate in an existing key store, or null when the gateway never took a backup. */
    static X509Certificate signingCertificate(GatewayKeyStore keyStore) {
        try {
            return keyStore.keyStore().containsAlias(SIGNING_ALIAS) ? keyStore.certificate(SIGNING_ALIAS) : null;
        } catch (GeneralSecurityException e) {
            throw new BackupException(Failure.BAD_SIGNATURE, "cannot read the backup signing certificate", e);
        }
    }

    /** Reads a PEM (or DER) X.509 certificate. */
    public static X509Certificate certificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupException(Failure.NOT_CONFIGURED, "cannot read the certificate " + file.getFileName(), e);
        }
    }

    /** Opens an offline key (PKCS#12 written by {@link #generateOffline}) with its password. */
    static BackupArchive.Key offline(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12", BouncyCastle.provider());
            store.load(in, password);
            String alias = store.aliases().nextElement();
            return new BackupArchive.Key((PrivateKey) store.getKey(alias, password),
                    (X509Certificate) store.getCertificate(alias));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new BackupException(Failure.WRONG_KEY, "cannot open the key file " + file.getFileName(), e);
        }
    }

    /**
     * Creates an offline key pair (the backup recipient or the key escrow): {@code <name>.p12} (private
     * key, owner-only, password-protected) and {@code <name>.cert.pem} (the certificate the gateway is
     * configured with). Returns the certificate file.
     */
    public static Path generateOffline(Path dir, String name, char[] password) {
        try {
            Files.createDirectories(dir);
            KeyPair pair = CryptoSuite.INTL.generateKeyPair();
            X509Certificate certificate = selfSigned(pair, name);
            KeyStore store = KeyStore.getInstance("PKCS12", BouncyCastle.provider());
            store.load(null, null);
            store.setKeyEntry(name, pair.getPrivate(), password, new X509Certificate[] {certificate});
            Path keyFile = dir.resolve(name + ".p12");
            try (OutputStream out = Files.newOutputStream(keyFile)) {
                store.store(out, password);
            }
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system keeps its own ACLs
            }
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(certificate);
            }
            Path certFile = dir.resolve(name + ".cert.pem");
            Files.writeString(certFile, pem.toString(), StandardCharsets.US_ASCII);
            return certFile;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new BackupException(Failure.NOT_CONFIGURED, "cannot create the key " + name, e);
        }
    }

    private static X509Certificate selfSigned(KeyPair pair, String name)
            throws GeneralSecurityException, OperatorCreationException {
        X500Name subject = new X500Name("CN=" + name + ", O=popgate");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(3650, ChronoUnit.DAYS)), subject, pair.getPublic());
        return new JcaX509CertificateConverter().setProvider(BouncyCastle.provider()).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BouncyCastle.provider())
                        .build(pair.getPrivate())));
    }
}
