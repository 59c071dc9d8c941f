package org.popgate.adapters.feedstore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first line of a CSV feed (its ASCII header, at most 512 bytes) while the parser streams the rest. */
final class HeaderCapture extends FilterInputStream {

    private final byte[] header = new byte[512];
    private int length;
    private boolean done;

    HeaderCapture(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            keep((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        for (int i = 0; i < n && !done; i++) {
            keep(b[off + i]);
        }
        return n;
    }

    private void keep(byte b) {
        if (done) {
            return;
        }
        if (b == '\n' || b == '\r' || length == header.length) {
            done = true;
        } else {
            header[length++] = b;
        }
    }

    /** The header line if it is printable ASCII, else {@code null}. */
    String header() {
        for (int i = 0; i < length; i++) {
            if (header[i] < 0x20 || header[i] > 0x7e) {
                return null;
            }
        }
        return length == 0 ? null : new String(header, 0, length, StandardCharsets.US_ASCII);
    }
}
