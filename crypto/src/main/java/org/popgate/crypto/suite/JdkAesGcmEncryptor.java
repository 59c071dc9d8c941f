package org.popgate.crypto.suite;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JceGenericKey;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * AES-256-GCM content encryption through the JDK provider (AES-NI, ~40x BC's pure-Java GCM here),
 * shaped as the {@link OutputAEADEncryptor} BC's stream generator wants. The JDK appends the tag to
 * the last ciphertext; it is split off here because CMS carries it separately.
 */
final class JdkAesGcmEncryptor implements OutputAEADEncryptor {

    private static final int TAG_BYTES = 16;

    private final SecretKey key;
    private final AlgorithmIdentifier algorithm;
    private final Cipher cipher;
    private byte[] mac;

    JdkAesGcmEncryptor() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, SuiteOps.RANDOM);
            key = generator.generateKey();
            byte[] nonce = new byte[12];
            SuiteOps.RANDOM.nextBytes(nonce);
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            algorithm = new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_GCM, new GCMParameters(nonce, TAG_BYTES));
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "AES-256-GCM is unavailable in the JDK", e);
        }
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream(OutputStream out) {
        return new GcmStream(out);
    }

    @Override
    public GenericKey getKey() {
        return new JceGenericKey(algorithm, key);
    }

    @Override
    public OutputStream getAADStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                cipher.updateAAD(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                cipher.updateAAD(b, off, len);
            }
        };
    }

    @Override
    public byte[] getMAC() {
        return mac.clone();
    }

    /**
     * Collects the generator's small writes (BER chunk headers between 64 KiB bodies) and feeds the
     * cipher whole 64 KiB blocks: the JDK's GCM reaches its intrinsic speed only on large, aligned updates.
     */
    private final class GcmStream extends OutputStream {
        private static final int BLOCK = 64 * 1024;
        private final OutputStream out;
        private final byte[] pending = new byte[BLOCK];
        private int pendingLength;
        private final byte[] encrypted = new byte[BLOCK + 32];
        private boolean closed;

        GcmStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, BLOCK - pendingLength);
                System.arraycopy(b, off, pending, pendingLength, n);
                pendingLength += n;
                off += n;
                len -= n;
                if (pendingLength == BLOCK) {
                    encryptPending();
                }
            }
        }

        private void encryptPending() throws IOException {
            try {
                int n = cipher.update(pending, 0, pendingLength, encrypted, 0);
                out.write(encrypted, 0, n);
                pendingLength = 0;
            } catch (GeneralSecurityException e) {
                throw new IOException("AES-GCM encryption failed", e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            encryptPending();
            try {
                byte[] last = cipher.doFinal();
                out.write(last, 0, last.length - TAG_BYTES);
                mac = Arrays.copyOfRange(last, last.length - TAG_BYTES, last.length);
            } catch (GeneralSecurityException e) {
                throw new IOException("AES-GCM encryption failed", e);
            }
            // The CMS generator closes the octet stream itself; closing it here would end it twice.
        }
    }
}
