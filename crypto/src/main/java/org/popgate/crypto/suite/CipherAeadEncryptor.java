package org.popgate.crypto.suite;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputAEADEncryptor;

/**
 * A {@link ContentCipher} shaped as the {@link OutputAEADEncryptor} Bouncy Castle's stream
 * generators want (the package writer itself feeds the cipher directly). The cipher appends the tag
 * to the last ciphertext; it is split off here because CMS carries it separately.
 */
final class CipherAeadEncryptor implements OutputAEADEncryptor {

    private static final int BLOCK = 64 * 1024;

    private final ContentCipher cipher;
    private byte[] mac;

    CipherAeadEncryptor(ContentCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return cipher.algorithm();
    }

    @Override
    public OutputStream getOutputStream(OutputStream out) {
        return new GcmStream(out);
    }

    @Override
    public GenericKey getKey() {
        return cipher.key();
    }

    @Override
    public OutputStream getAADStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                cipher.updateAad(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                cipher.updateAad(b, off, len);
            }
        };
    }

    @Override
    public byte[] getMAC() {
        return mac.clone();
    }

    /** Collects the generator's small writes and feeds the cipher whole 64 KiB blocks. */
    private final class GcmStream extends OutputStream {
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
                throw new IOException("content encryption failed", e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                byte[] last = cipher.doFinal(pending, 0, pendingLength);
                out.write(last, 0, last.length - ContentCipher.TAG_BYTES);
                mac = Arrays.copyOfRange(last, last.length - ContentCipher.TAG_BYTES, last.length);
            } catch (GeneralSecurityException e) {
                throw new IOException("content encryption failed", e);
            }
            // The CMS generator closes the octet stream itself; closing it here would end it twice.
        }
    }
}
