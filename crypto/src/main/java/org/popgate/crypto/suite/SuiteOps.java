package org.popgate.crypto.suite;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.KeyAgreeRecipient;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/** The algorithm plumbing behind {@link CryptoSuite}; kept out of the interface so the suite reads as a list of choices. */
final class SuiteOps {

    static final SecureRandom RANDOM = new SecureRandom();

    static final DigestCalculatorProvider DIGESTS = new JdkFirstDigests();

    private SuiteOps() {}

    static KeyPair generateKeyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot generate a key pair on " + curve, e);
        }
    }

    static Signature signature(String algorithm, byte[] sm2UserId) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm, BouncyCastle.provider());
        if (sm2UserId != null) {
            signature.setParameter(new SM2ParameterSpec(sm2UserId));
        }
        return signature;
    }

    static byte[] sign(String algorithm, byte[] sm2UserId, PrivateKey key, byte[] data) {
        try {
            Signature signature = signature(algorithm, sm2UserId);
            signature.initSign(key, RANDOM);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot sign with " + algorithm, e);
        }
    }

    static boolean verify(String algorithm, byte[] sm2UserId, PublicKey key, byte[] data, byte[] sig) {
        try {
            Signature signature = signature(algorithm, sm2UserId);
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static ContentSigner signer(CryptoSuite suite, PrivateKey key, byte[] sm2UserId) {
        ASN1ObjectIdentifier oid = sm2UserId == null ? X9ObjectIdentifiers.ecdsa_with_SHA256 : GMObjectIdentifiers.sm2sign_with_sm3;
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(oid);
        try {
            Signature signature = signature(suite.signatureAlgorithm(), sm2UserId);
            signature.initSign(key, RANDOM);
            return new SignatureContentSigner(algorithm, signature);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot sign with " + suite.signatureAlgorithm(), e);
        }
    }

    static RecipientInfoGenerator ecdhRecipientInfo(X509Certificate certificate) {
        // A fresh ephemeral key per recipient and package: the originator key is public in the package anyway,
        // and separate keys keep the recipients' key-agreement results independent.
        return EcdhRecipientInfo.to(certificate, RANDOM);
    }

    static RecipientInfoGenerator sm2RecipientInfo(X509Certificate certificate) {
        try {
            return new JceKeyTransRecipientInfoGenerator(certificate, new Sm2KeyWrapper(certificate.getPublicKey()));
        } catch (CertificateEncodingException e) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "The recipient certificate cannot be encoded", e);
        }
    }

    static RecipientId keyAgreeRecipientId(X509Certificate certificate) {
        return new JceKeyAgreeRecipientId(certificate);
    }

    static RecipientId keyTransRecipientId(X509Certificate certificate) {
        return new JceKeyTransRecipientId(certificate);
    }

    static KeyAgreeRecipient ecdhRecipient(PrivateKey key) {
        return new CtrGcmRecipient(key);
    }

    /** Signs through a plain JCA {@link Signature}, so GM can carry its agreed user ID (BC's builder cannot). */
    private static final class SignatureContentSigner implements ContentSigner {
        private final AlgorithmIdentifier algorithm;
        private final Signature signature;
        private final OutputStream stream;

        SignatureContentSigner(AlgorithmIdentifier algorithm, Signature signature) {
            this.algorithm = algorithm;
            this.signature = signature;
            this.stream = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        signature.update(b, off, len);
                    } catch (GeneralSecurityException e) {
                        throw new IOException("signature update failed", e);
                    }
                }
            };
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream() {
            return stream;
        }

        @Override
        public byte[] getSignature() {
            try {
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("signature failed", e);
            }
        }
    }

    /** SHA-256 through the JDK (intrinsics), everything else (SM3) through BC. */
    private static final class JdkFirstDigests implements DigestCalculatorProvider {
        private final DigestCalculatorProvider bc;

        JdkFirstDigests() {
            try {
                bc = new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build();
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public DigestCalculator get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
            if (!algorithm.getAlgorithm().equals(NISTObjectIdentifiers.id_sha256)) {
                return bc.get(algorithm);
            }
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new OperatorCreationException("SHA-256 unavailable", e);
            }
            OutputStream stream = new OutputStream() {
                @Override
                public void write(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    digest.update(b, off, len);
                }
            };
            return new DigestCalculator() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return algorithm;
                }

                @Override
                public OutputStream getOutputStream() {
                    return stream;
                }

                @Override
                public byte[] getDigest() {
                    return digest.digest();
                }
            };
        }
    }
}
