package org.popgate.crypto.pack;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * Holds a package's decrypted records on disk until the package has been fully verified.
 *
 * <p>The records are re-encrypted in 64 KiB chunks with AES-256-GCM (JDK) under a key that exists
 * only in this object's memory: the spool file is unreadable to anyone else and after a crash.
 * Each chunk's nonce is its index and its associated data says whether it is the last, so chunks
 * cannot be reordered, dropped or cut off on disk without the read failing.
 */
final class Spool implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CHUNK = 64 * 1024;
    private static final int TAG_BITS = 128;

    private final Path file;
    private final SecretKey key;
    private final Cipher cipher;
    private DataOutputStream out;
    private final byte[] pending = new byte[CHUNK];
    private int pendingLength;
    private long chunkIndex;

    Spool(Path directory) {
        try {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "package-", ".spool");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // The key never leaves memory, so file permissions are only a second line of defence.
            }
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            key = generator.generateKey();
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), CHUNK + 64));
        } catch (IOException e) {
            throw new CryptoException(CryptoErrorCode.IO_FAILURE, "Cannot create a spool file in the data directory", e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "AES-GCM is unavailable for the spool", e);
        }
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, CHUNK - pendingLength);
            System.arraycopy(bytes, offset, pending, pendingLength, n);
            pendingLength += n;
            offset += n;
            length -= n;
            if (pendingLength == CHUNK) {
                flushChunk(false);
            }
        }
    }

    /** Ends writing; the spool can then be read once. */
    void seal() throws IOException {
        flushChunk(true);
        out.close();
        out = null;
    }

    private void flushChunk(boolean last) throws IOException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(chunkIndex++)));
            cipher.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
            byte[] sealed = cipher.doFinal(pending, 0, pendingLength);
            out.writeInt(sealed.length);
            out.write(sealed);
            pendingLength = 0;
        } catch (GeneralSecurityException e) {
            throw new IOException("spool encryption failed", e);
        }
    }

    /** The records, decrypted chunk by chunk as they are read. */
    InputStream read() throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), CHUNK + 64));
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;
            private long index;
            private boolean sawLast;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (position == chunk.length) {
                    if (sawLast) {
                        return -1;
                    }
                    nextChunk();
                }
                int n = Math.min(len, chunk.length - position);
                System.arraycopy(chunk, position, b, off, n);
                position += n;
                return n;
            }

            private void nextChunk() throws IOException {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    throw new IOException("spool file cut short", e);
                }
                if (length < 16 || length > CHUNK + 16) {
                    throw new IOException("spool file damaged");
                }
                byte[] sealed = in.readNBytes(length);
                if (sealed.length != length) {
                    throw new IOException("spool file cut short");
                }
                long current = index++;
                for (int lastFlag = 0; lastFlag <= 1; lastFlag++) {
                    try {
                        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(current)));
                        cipher.updateAAD(new byte[] {(byte) lastFlag});
                        chunk = cipher.doFinal(sealed);
                        position = 0;
                        sawLast = lastFlag == 1;
                        return;
                    } catch (GeneralSecurityException wrongFlagOrDamaged) {
                        // Try the other flag; both failing means the chunk was altered.
                    }
                }
                throw new IOException("spool file damaged");
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private static byte[] nonce(long index) {
        return ByteBuffer.allocate(12).putInt(0).putLong(index).array();
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CryptoException(CryptoErrorCode.IO_FAILURE, "Cannot delete a spool file", e);
        }
    }

}
