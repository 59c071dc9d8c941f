package org.popgate.crypto.suite;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.jcajce.JceGenericKey;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * The content encryption of one package: a fresh random key and nonce, a JCA GCM cipher
 * initialised for encryption (the JDK's AES-GCM for INTL, Bouncy Castle's SM4-GCM for GM), the CMS
 * algorithm identifier ({@code GCMParameters}, 16-byte tag) and the key for the recipient infos.
 *
 * <p>A package writer feeds it buffers directly ({@link #update}, {@link #doFinal}): the JDK's GCM
 * reaches its intrinsic speed only on large updates, so no stream wrapper sits in between.
 */
public final class ContentCipher {

    /** Bytes of the GCM tag (ICV) every package carries. */
    public static final int TAG_BYTES = 16;

    private final Cipher cipher;
    private final AlgorithmIdentifier algorithm;
    private final SecretKey key;

    private ContentCipher(String keyAlgorithm, String transformation, Provider provider, ASN1ObjectIdentifier oid) {
        try {
            KeyGenerator generator = provider == null ? KeyGenerator.getInstance(keyAlgorithm)
                    : KeyGenerator.getInstance(keyAlgorithm, provider);
            generator.init(keyAlgorithm.equals("AES") ? 256 : 128, SuiteOps.RANDOM);
            key = generator.generateKey();
            byte[] nonce = new byte[12];
            SuiteOps.RANDOM.nextBytes(nonce);
            cipher = provider == null ? Cipher.getInstance(transformation) : Cipher.getInstance(transformation, provider);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            algorithm = new AlgorithmIdentifier(oid, new GCMParameters(nonce, TAG_BYTES));
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, transformation + " is unavailable", e);
        }
    }

    static ContentCipher aes256Gcm() {
        return new ContentCipher("AES", "AES/GCM/NoPadding", null, org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_aes256_GCM);
    }

    static ContentCipher sm4Gcm() {
        return new ContentCipher("SM4", "SM4/GCM/NoPadding", org.popgate.crypto.BouncyCastle.provider(),
                org.bouncycastle.asn1.gm.GMObjectIdentifiers.sms4_gcm);
    }

    /** The content-encryption algorithm identifier (with nonce and tag length) for the package. */
    public AlgorithmIdentifier algorithm() {
        return algorithm;
    }

    /** The content key, for the recipient-info generators to wrap. */
    public GenericKey key() {
        return new JceGenericKey(algorithm, key);
    }

    void updateAad(byte[] in, int offset, int length) {
        cipher.updateAAD(in, offset, length);
    }

    /** Encrypts {@code length} bytes; returns the number of ciphertext bytes written to {@code out}. */
    public int update(byte[] in, int offset, int length, byte[] out, int outOffset) throws GeneralSecurityException {
        return cipher.update(in, offset, length, out, outOffset);
    }

    /** Encrypts the last bytes; returns the remaining ciphertext followed by the {@value #TAG_BYTES}-byte tag. */
    public byte[] doFinal(byte[] in, int offset, int length) throws GeneralSecurityException {
        return cipher.doFinal(in, offset, length);
    }
}
