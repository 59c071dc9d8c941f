package org.popgate.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The algorithm suite of an audit log: INTL (SHA-256 tree, ECDSA P-256 checkpoints) or GM (SM3 tree,
 * SM2 checkpoints).
 */
public enum AuditSuite {
    INTL("SHA-256", "SHA256withECDSA"),
    GM("SM3", "SM3withSM2");

    private final String digest;
    private final String signature;
    /** Looked up once; {@link #newDigest()} clones it (a provider lookup costs more than the hash of an event). */
    private volatile MessageDigest prototype;

    AuditSuite(String digest, String signature) {
        this.digest = digest;
        this.signature = signature;
    }

    /** A fresh digest for the tree hash of this suite (SHA-256 from the JDK, SM3 from Bouncy Castle). */
    public MessageDigest newDigest() {
        MessageDigest p = prototype;
        if (p == null) {
            p = lookUp();
            prototype = p;
        }
        try {
            return (MessageDigest) p.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    private MessageDigest lookUp() {
        try {
            return this == INTL ? MessageDigest.getInstance(digest) : MessageDigest.getInstance(digest, bc());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("digest unavailable: " + digest, e);
        }
    }

    /** The JCA signature algorithm used for checkpoints. */
    public String signatureAlgorithm() {
        return signature;
    }

    /** The registered Bouncy Castle provider (registered on first use if absent). */
    public static Provider bc() {
        Provider p = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (p != null) {
            return p;
        }
        synchronized (AuditSuite.class) {
            p = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (p == null) {
                p = new BouncyCastleProvider();
                Security.addProvider(p);
            }
            return p;
        }
    }
}
