package org.popgate.crypto.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.operator.InputAEADDecryptor;
import org.popgate.crypto.BouncyCastle;

/**
 * The INTL recipient (ECDH key agreement through Bouncy Castle) whose AES-256-GCM content
 * decryption runs on the JDK's AES-NI and carry-less-multiply intrinsics while keeping memory flat.
 *
 * <p>The JDK's own GCM decryption holds back every byte of plaintext until the tag has been checked,
 * i.e. the whole package in memory; Bouncy Castle's streams, but in plain Java (~20 MB/s here). This
 * decryptor streams: it decrypts with AES-CTR starting at GCM's first counter block
 * ({@code nonce || 2}), and recomputes the tag by encrypting the recovered plaintext again with
 * AES-GCM under the same key and nonce, which reproduces exactly the received ciphertext and hence
 * its tag (the re-encrypted bytes are discarded, nothing is ever sent under that nonce). The tag is
 * compared in constant time when the input ends; a mismatch fails the read. Plaintext therefore
 * leaves this stream before the tag check, exactly as with Bouncy Castle's streams: the package
 * reader spools it and releases no record until the whole package has verified.
 */
final class CtrGcmRecipient extends JceKeyAgreeAuthEnvelopedRecipient {

    private static final int TAG_BYTES = ContentCipher.TAG_BYTES;

    CtrGcmRecipient(PrivateKey recipientKey) {
        super(recipientKey);
        setProvider(BouncyCastle.provider());
    }

    @Override
    public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryptionAlgorithm,
            AlgorithmIdentifier contentEncryptionAlgorithm, SubjectPublicKeyInfo senderPublicKey,
            ASN1OctetString userKeyingMaterial, byte[] encryptedContentKey) throws CMSException {
        if (!NISTObjectIdentifiers.id_aes256_GCM.equals(contentEncryptionAlgorithm.getAlgorithm())) {
            return super.getRecipientOperator(keyEncryptionAlgorithm, contentEncryptionAlgorithm, senderPublicKey,
                    userKeyingMaterial, encryptedContentKey);
        }
        GCMParameters parameters = GCMParameters.getInstance(contentEncryptionAlgorithm.getParameters());
        if (parameters.getNonce().length != 12 || parameters.getIcvLen() != TAG_BYTES) {
            throw new CMSException("unsupported GCM parameters");
        }
        Key key = extractSecretKey(keyEncryptionAlgorithm, contentEncryptionAlgorithm, senderPublicKey,
                userKeyingMaterial, encryptedContentKey);
        return new RecipientOperator(new Decryptor(contentEncryptionAlgorithm,
                new SecretKeySpec(key.getEncoded(), "AES"), parameters.getNonce()));
    }

    /** Streaming AES-256-GCM decryption: AES-CTR for the plaintext, AES-GCM re-encryption for the tag. */
    static final class Decryptor implements InputAEADDecryptor {
        private final AlgorithmIdentifier algorithm;
        private final SecretKeySpec key;
        private final byte[] nonce;
        private byte[] mac;

        Decryptor(AlgorithmIdentifier algorithm, SecretKeySpec key, byte[] nonce) {
            this.algorithm = algorithm;
            this.key = key;
            this.nonce = nonce;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getAADStream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("authenticated attributes are not part of a package");
                }
            };
        }

        @Override
        public byte[] getMAC() {
            if (mac == null) {
                throw new IllegalStateException("content not read to its end");
            }
            return mac.clone();
        }

        @Override
        public InputStream getInputStream(InputStream ciphertextAndTag) {
            try {
                Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
                byte[] counter = new byte[16];
                System.arraycopy(nonce, 0, counter, 0, 12);
                counter[15] = 2;
                ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(counter));
                Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
                return new DecryptingStream(ciphertextAndTag, ctr, gcm);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR/GCM unavailable in the JDK", e);
            }
        }

        /** Holds back the last 16 bytes of the input (the tag) and decrypts the rest in large steps. */
        private final class DecryptingStream extends InputStream {
            private static final int BLOCK = 64 * 1024;
            private final InputStream in;
            private final Cipher ctr;
            private final Cipher gcm;
            private final byte[] input = new byte[BLOCK + TAG_BYTES];
            private int held;
            private final byte[] plain = new byte[BLOCK + 32];
            private final byte[] scratch = new byte[BLOCK + 64];
            private int position;
            private int limit;
            private boolean ended;

            DecryptingStream(InputStream in, Cipher ctr, Cipher gcm) {
                this.in = in;
                this.ctr = ctr;
                this.gcm = gcm;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (position == limit) {
                    if (ended) {
                        return -1;
                    }
                    fill();
                }
                int n = Math.min(len, limit - position);
                System.arraycopy(plain, position, b, off, n);
                position += n;
                return n;
            }

            private void fill() throws IOException {
                int n = in.readNBytes(input, held, input.length - held);
                held += n;
                try {
                    if (n == 0 || held < input.length) {
                        finish();
                        return;
                    }
                    int usable = (held - TAG_BYTES) & ~15;
                    decrypt(usable);
                    System.arraycopy(input, usable, input, 0, held - usable);
                    held -= usable;
                } catch (GeneralSecurityException e) {
                    throw new IOException("content decryption failed", e);
                }
            }

            private void decrypt(int length) throws GeneralSecurityException {
                limit = ctr.update(input, 0, length, plain, 0);
                position = 0;
                gcm.update(plain, 0, limit, scratch, 0);
            }

            private void finish() throws IOException, GeneralSecurityException {
                ended = true;
                if (held < TAG_BYTES) {
                    throw new IOException("content shorter than its tag");
                }
                int length = held - TAG_BYTES;
                limit = ctr.doFinal(input, 0, length, plain, 0);
                position = 0;
                byte[] last = gcm.doFinal(plain, 0, limit);
                byte[] expected = java.util.Arrays.copyOfRange(last, last.length - TAG_BYTES, last.length);
                byte[] received = java.util.Arrays.copyOfRange(input, length, held);
                if (!MessageDigest.isEqual(expected, received)) {
                    limit = 0;
                    throw new IOException("GCM tag mismatch: content altered");
                }
                mac = received;
            }
        }
    }
}
