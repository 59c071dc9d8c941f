package org.popgate.crypto.suite;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.KeyTransRecipient;
import org.bouncycastle.cms.KeyAgreeRecipient;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * The closed set of crypto suites a member can use: {@link Intl} (P-256, SHA-256, AES-256-GCM) and
 * {@link Gm} (SM2, SM3, SM4-GCM).
 *
 * <p>A suite is everything a package writer or reader needs to know about algorithms: key pair
 * generation, signing and verifying, the content encryptor and the recipient-info machinery. EC
 * operations go through Bouncy Castle (several times faster than SunEC here); bulk AES goes
 * through the JDK (AES-NI).
 */
public sealed interface CryptoSuite permits CryptoSuite.Intl, CryptoSuite.Gm {

    /** The international suite: ECDSA P-256/SHA-256, ECDH P-256 + AES-256-GCM. */
    CryptoSuite INTL = new Intl();

    /** The SM2 user ID of GM/T 0009 that every implementation defaults to. */
    String DEFAULT_SM2_USER_ID = "1234567812345678";

    /** The GM suite with the default SM2 user ID. */
    static Gm gm() {
        return new Gm(DEFAULT_SM2_USER_ID);
    }

    /** Looks a suite up by its {@link #name()} ({@code INTL} or {@code GM}, GM with the default user ID). */
    static CryptoSuite named(String name) {
        return switch (name) {
            case "INTL" -> INTL;
            case "GM" -> gm();
            default -> throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "Unknown crypto suite " + name);
        };
    }

    /** {@code INTL} or {@code GM}. */
    String name();

    /** JCA name of the signature algorithm. */
    String signatureAlgorithm();

    /** JCA name of the content digest (the digest the CMS signature covers). */
    String digestAlgorithm();

    /** Name of the curve both key pairs live on. */
    String curve();

    /** Generates a fresh key pair on the suite's curve (signing and encryption pairs are generated separately). */
    default KeyPair generateKeyPair() {
        return SuiteOps.generateKeyPair(curve());
    }

    /** A CMS content signer for {@code key} (for GM with the agreed user ID). */
    ContentSigner contentSigner(PrivateKey key);

    /** A raw JCA signature verifier check, used for certificates and CSRs as well as packages. */
    boolean verify(PublicKey key, byte[] data, byte[] signature);

    /** Signs {@code data} with {@code key}, outside CMS (e.g. trust lists). */
    byte[] sign(PrivateKey key, byte[] data);

    /** Digest calculators for CMS: SHA-256 through the JDK, SM3 through BC. */
    default DigestCalculatorProvider digestCalculators() {
        return SuiteOps.DIGESTS;
    }

    /** A fresh content cipher (random content key and nonce) for one package. */
    ContentCipher contentCipher();

    /** A fresh content encryptor (random content key and nonce) shaped for Bouncy Castle's CMS stream generators. */
    default OutputAEADEncryptor contentEncryptor() {
        return new CipherAeadEncryptor(contentCipher());
    }

    /** Recipient-info generator addressing the content key to the holder of {@code encryptionCertificate}. */
    RecipientInfoGenerator recipientInfo(X509Certificate encryptionCertificate);

    /** The recipient id to look this member's entry up in a package. */
    RecipientId recipientId(X509Certificate encryptionCertificate);

    /** The CMS recipient that unwraps the content key with {@code encryptionKey}. */
    org.bouncycastle.cms.Recipient recipient(PrivateKey encryptionKey);

    /** INTL: ECDSA P-256/SHA-256 signatures, ECDH P-256 (ECDH-SHA256-KDF, AES-256 wrap) + AES-256-GCM content. */
    record Intl() implements CryptoSuite {
        @Override
        public String name() {
            return "INTL";
        }

        @Override
        public String signatureAlgorithm() {
            return "SHA256withECDSA";
        }

        @Override
        public String digestAlgorithm() {
            return "SHA-256";
        }

        @Override
        public String curve() {
            return "secp256r1";
        }

        @Override
        public ContentSigner contentSigner(PrivateKey key) {
            return SuiteOps.signer(this, key, null);
        }

        @Override
        public boolean verify(PublicKey key, byte[] data, byte[] signature) {
            return SuiteOps.verify(signatureAlgorithm(), null, key, data, signature);
        }

        @Override
        public byte[] sign(PrivateKey key, byte[] data) {
            return SuiteOps.sign(signatureAlgorithm(), null, key, data);
        }

        @Override
        public ContentCipher contentCipher() {
            return ContentCipher.aes256Gcm();
        }

        @Override
        public RecipientInfoGenerator recipientInfo(X509Certificate encryptionCertificate) {
            return SuiteOps.ecdhRecipientInfo(encryptionCertificate);
        }

        @Override
        public RecipientId recipientId(X509Certificate encryptionCertificate) {
            return SuiteOps.keyAgreeRecipientId(encryptionCertificate);
        }

        @Override
        public KeyAgreeRecipient recipient(PrivateKey encryptionKey) {
            return SuiteOps.ecdhRecipient(encryptionKey);
        }
    }

    /**
     * GM: SM3withSM2 signatures with an agreed user ID, SM2 key transport (C1C3C2) + SM4-GCM content.
     *
     * @param userId the SM2 user ID both sides sign and verify with (GM/T 0009 default {@value #DEFAULT_SM2_USER_ID})
     */
    record Gm(String userId) implements CryptoSuite {
        public Gm {
            Objects.requireNonNull(userId, "userId");
        }

        @Override
        public String name() {
            return "GM";
        }

        @Override
        public String signatureAlgorithm() {
            return "SM3withSM2";
        }

        @Override
        public String digestAlgorithm() {
            return "SM3";
        }

        @Override
        public String curve() {
            return "sm2p256v1";
        }

        byte[] userIdBytes() {
            return userId.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public ContentSigner contentSigner(PrivateKey key) {
            return SuiteOps.signer(this, key, userIdBytes());
        }

        @Override
        public boolean verify(PublicKey key, byte[] data, byte[] signature) {
            return SuiteOps.verify(signatureAlgorithm(), userIdBytes(), key, data, signature);
        }

        @Override
        public byte[] sign(PrivateKey key, byte[] data) {
            return SuiteOps.sign(signatureAlgorithm(), userIdBytes(), key, data);
        }

        @Override
        public ContentCipher contentCipher() {
            return ContentCipher.sm4Gcm();
        }

        @Override
        public RecipientInfoGenerator recipientInfo(X509Certificate encryptionCertificate) {
            return SuiteOps.sm2RecipientInfo(encryptionCertificate);
        }

        @Override
        public RecipientId recipientId(X509Certificate encryptionCertificate) {
            return SuiteOps.keyTransRecipientId(encryptionCertificate);
        }

        @Override
        public KeyTransRecipient recipient(PrivateKey encryptionKey) {
            return new Sm2AuthEnvelopedRecipient(encryptionKey);
        }
    }
}
