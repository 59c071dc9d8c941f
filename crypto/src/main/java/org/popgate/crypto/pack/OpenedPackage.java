package org.popgate.crypto.pack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * A package that passed every check (GCM tag, signature, signer trust, manifest count and digest,
 * recipient, exchange id): its manifest, the signer's certificate, and its records read back from
 * the spool. Close it to delete the spool.
 */
public final class OpenedPackage implements AutoCloseable {

    private final Manifest manifest;
    private final X509Certificate signer;
    private final Spool spool;
    private boolean consumed;

    OpenedPackage(Manifest manifest, X509Certificate signer, Spool spool) {
        this.manifest = manifest;
        this.signer = signer;
        this.spool = spool;
    }

    /** The verified manifest. */
    public Manifest manifest() {
        return manifest;
    }

    /** The sender's signing certificate (already checked against the trust anchors). */
    public X509Certificate signer() {
        return signer;
    }

    /** The records in order, streamed from the spool; can be called once. */
    public Stream<String> records() {
        Iterator<String> iterator = iterator();
        return StreamSupport.stream(Spliterators.spliterator(iterator, manifest.recordCount(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Passes every record to {@code consumer}, in order; can be called once. */
    public void forEachRecord(Consumer<String> consumer) {
        iterator().forEachRemaining(consumer);
    }

    /**
     * The records' bytes exactly as packed (each record followed by '\n'), streamed from the spool, for a
     * reader that checks their encoding itself (a department's CSV feed); can be called once, instead of
     * {@link #records()}.
     */
    public InputStream content() {
        if (consumed) {
            throw new IllegalStateException("records already read");
        }
        consumed = true;
        try {
            return spool.read();
        } catch (IOException e) {
            throw new CryptoException(CryptoErrorCode.IO_FAILURE, "Cannot read the spool", e);
        }
    }

    private Iterator<String> iterator() {
        if (consumed) {
            throw new IllegalStateException("records already read");
        }
        consumed = true;
        InputStream in;
        try {
            in = spool.read();
        } catch (IOException e) {
            throw new CryptoException(CryptoErrorCode.IO_FAILURE, "Cannot read the spool", e);
        }
        return new LineIterator(in);
    }

    @Override
    public void close() {
        spool.close();
    }

    /** Splits on '\n' only, so a record is exactly what the writer was given. */
    private final class LineIterator implements Iterator<String> {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private String next;
        private boolean eof;

        LineIterator(InputStream in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !eof) {
                next = readLine();
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String result = next;
            next = null;
            return result;
        }

        private String readLine() {
            try {
                line.reset();
                while (true) {
                    if (position == limit) {
                        limit = in.read(buffer, 0, buffer.length);
                        position = 0;
                        if (limit < 0) {
                            eof = true;
                            in.close();
                            return null;
                        }
                    }
                    for (int i = position; i < limit; i++) {
                        if (buffer[i] == '\n') {
                            line.write(buffer, position, i - position);
                            position = i + 1;
                            return line.toString(manifest.encoding());
                        }
                    }
                    line.write(buffer, position, limit - position);
                    position = limit;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException("spool read failed", e));
            }
        }
    }
}
