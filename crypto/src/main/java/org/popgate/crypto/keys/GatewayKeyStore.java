package org.popgate.crypto.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * The gateway's key store: one BCFKS file in the keys directory, protected by a password.
 *
 * <p>BCFKS (Bouncy Castle's FIPS-style key store) is chosen over PKCS12 because it holds secret keys
 * (lookup-hash, column and pseudonym master keys) as well as SM2 and P-256 key pairs, and reloads
 * them all; the JDK's PKCS12 fails on SM2 keys and BC's PKCS12 holds no secret keys.
 */
public final class GatewayKeyStore {

    private final Path file;
    private final char[] password;
    private final KeyStore store;

    private GatewayKeyStore(Path file, char[] password, KeyStore store) {
        this.file = file;
        this.password = password.clone();
        this.store = store;
    }

    /** Opens the key store at {@code file}, creating an empty one (owner-only permissions) when absent. */
    public static GatewayKeyStore openOrCreate(Path file, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("BCFKS", BouncyCastle.provider());
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, password);
                }
                return new GatewayKeyStore(file, password, ks);
            }
            ks.load(null, password);
            GatewayKeyStore created = new GatewayKeyStore(file, password, ks);
            created.save();
            return created;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStoreUnavailableException(
                    "The key store " + file.getFileName() + " cannot be opened: wrong password or damaged file", e);
        }
    }

    /** Returns the secret key under {@code alias}, generating and saving a 256-bit key the first time. */
    public synchronized SecretKey secretKey(String alias) {
        try {
            if (store.containsAlias(alias)) {
                return (SecretKey) store.getKey(alias, password);
            }
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, new SecureRandom());
            SecretKey key = generator.generateKey();
            store.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
            save();
            return key;
        } catch (GeneralSecurityException e) {
            throw new KeyStoreUnavailableException("The key store cannot provide key " + alias, e);
        }
    }

    /**
     * The secret key {@code purpose} at {@code version} (alias {@code <purpose>.v<version>}); readers
     * of old data ask for the version recorded beside it.
     *
     * @throws CryptoException {@code crypto_unknown_key_version} when the store does not hold it
     */
    public synchronized SecretKey secretKey(String purpose, int version) {
        String alias = new KeyId(purpose, version).alias();
        try {
            if (!store.containsAlias(alias)) {
                throw new CryptoException(CryptoErrorCode.UNKNOWN_KEY_VERSION,
                        "The key store holds no version " + version + " of key " + purpose);
            }
            return (SecretKey) store.getKey(alias, password);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreUnavailableException("The key store cannot provide key " + alias, e);
        }
    }

    /** The newest version of secret key {@code purpose}, generating version 1 the first time. */
    public synchronized int currentVersion(String purpose) {
        int newest = newestVersion(purpose);
        if (newest == 0) {
            secretKey(new KeyId(purpose, 1).alias());
            return 1;
        }
        return newest;
    }

    /**
     * Adds a new version of secret key {@code purpose} and returns it. Older versions stay in the
     * store, so data written under them still decrypts or reverses (the overlap lasts until an
     * operator re-encrypts and removes them).
     */
    public synchronized int rotate(String purpose) {
        int next = currentVersion(purpose) + 1;
        secretKey(new KeyId(purpose, next).alias());
        return next;
    }

    private int newestVersion(String purpose) {
        try {
            int newest = 0;
            String prefix = purpose + ".v";
            for (String alias : Collections.list(store.aliases())) {
                if (alias.startsWith(prefix)) {
                    try {
                        newest = Math.max(newest, Integer.parseInt(alias.substring(prefix.length())));
                    } catch (NumberFormatException notOurs) {
                        // another purpose that merely shares the prefix
                    }
                }
            }
            return newest;
        } catch (KeyStoreException e) {
            throw new KeyStoreUnavailableException("The key store cannot list its keys", e);
        }
    }

    /** Stores a key pair with its certificate chain under {@code alias} (the gateway's own signing, encryption, CA keys). */
    public synchronized void storeKeyPair(String alias, PrivateKey key, X509Certificate... chain) {
        try {
            store.setKeyEntry(alias, key, password, chain);
            save();
        } catch (KeyStoreException e) {
            throw new KeyStoreUnavailableException("The key store cannot store key " + alias, e);
        }
    }

    /** The private key under {@code alias}, or {@code null} when absent. */
    public synchronized PrivateKey privateKey(String alias) {
        try {
            return (PrivateKey) store.getKey(alias, password);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreUnavailableException("The key store cannot provide key " + alias, e);
        }
    }

    /** The certificate under {@code alias}, or {@code null} when absent. */
    public synchronized X509Certificate certificate(String alias) {
        try {
            return (X509Certificate) store.getCertificate(alias);
        } catch (KeyStoreException e) {
            throw new KeyStoreUnavailableException("The key store cannot provide certificate " + alias, e);
        }
    }

    /** The underlying JCA key store, for the key and certificate services built on it. */
    public KeyStore keyStore() {
        return store;
    }

    /** Writes the store atomically (temporary file, then rename) with owner-only permissions. */
    public synchronized void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, password);
            }
            restrictToOwner(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStoreUnavailableException("The key store " + file.getFileName() + " cannot be written", e);
        }
    }

    /** Clears the in-memory copy of the password. */
    public void forgetPassword() {
        Arrays.fill(password, '\0');
    }

    static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems keep their own ACLs; nothing more to do here.
        }
    }
}
