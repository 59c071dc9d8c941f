package org.popgate.crypto.pack;

/**
 * The raw-byte framing of the AuthEnvelopedData around the encrypted content, which neither GCM
 * nor the inner signature covers: the header (content type, version, recipient infos, content
 * algorithm) and the trailer (end-of-contents octets and the MAC's tag and length).
 *
 * <p>The writer hashes the header into the signed manifest, and the reader requires the trailer to
 * be exactly what {@link PackageWriter} writes, so that every byte of a package is checked: the
 * header by the signature, the encrypted content by the GCM tag, the trailer here.
 */
final class EnvelopeLayout {

    /** End-of-contents of the octet-string chunks and of EncryptedContentInfo, then the MAC TLV, then three more EOCs. */
    static final int TRAILER_LENGTH = 4 + 2 + 16 + 6;

    /** How much of the package's start the reader keeps to find and hash the header. */
    static final int MAX_HEADER = 64 * 1024;

    private EnvelopeLayout() {}

    /**
     * Length of the header in {@code prefix}: everything up to and including the tag and length of
     * the encrypted content ({@code [0]} of EncryptedContentInfo), or -1 if it does not parse.
     */
    static int headerLength(byte[] prefix, int available) {
        Walker w = new Walker(prefix, available);
        try {
            w.enter(0x30); // ContentInfo
            w.skip(0x06); // contentType
            w.enter(0xa0); // [0] content
            w.enter(0x30); // AuthEnvelopedData
            w.skip(0x02); // version
            if (w.peek() == 0xa0) {
                w.skip(0xa0); // originatorInfo
            }
            w.skip(0x31); // recipientInfos
            w.enter(0x30); // EncryptedContentInfo
            w.skip(0x06); // contentType
            w.skip(0x30); // contentEncryptionAlgorithm
            w.enter(0xa0); // [0] encryptedContent, constructed (chunked) as the stream generator writes it
            return w.position;
        } catch (ArrayIndexOutOfBoundsException | IllegalStateException e) {
            return -1;
        }
    }

    /** The trailer PackageWriter writes after the last encrypted chunk, for a given MAC. */
    static byte[] trailer(byte[] mac) {
        byte[] trailer = new byte[TRAILER_LENGTH];
        trailer[4] = 0x04;
        trailer[5] = 0x10;
        System.arraycopy(mac, 0, trailer, 6, 16);
        return trailer;
    }

    /**
     * Whether {@code tail} has the trailer's shape for some MAC, allowing one damaged byte: used to
     * tell a damaged package (the end is still there) from a cut-off one (every byte of the end
     * shifts, so the shape breaks in at least two places).
     */
    static boolean looksLikeTrailer(byte[] tail) {
        if (tail.length != TRAILER_LENGTH) {
            return false;
        }
        byte[] shape = trailer(new byte[16]);
        int differences = 0;
        for (int i = 0; i < TRAILER_LENGTH; i++) {
            boolean macByte = i >= 6 && i < 22;
            if (!macByte && tail[i] != shape[i]) {
                differences++;
            }
        }
        return differences <= 1;
    }

    private static final class Walker {
        private final byte[] bytes;
        private final int limit;
        int position;

        Walker(byte[] bytes, int limit) {
            this.bytes = bytes;
            this.limit = limit;
        }

        int peek() {
            check(position);
            return bytes[position] & 0xff;
        }

        void enter(int tag) {
            header(tag);
        }

        void skip(int tag) {
            long length = header(tag);
            if (length < 0) {
                throw new IllegalStateException("indefinite length where a definite one is expected");
            }
            position += (int) length;
            check(position - 1);
        }

        private long header(int tag) {
            if (peek() != tag) {
                throw new IllegalStateException("unexpected tag");
            }
            position++;
            int first = peek();
            position++;
            if (first < 0x80) {
                return first;
            }
            if (first == 0x80) {
                return -1;
            }
            int octets = first & 0x7f;
            if (octets > 3) {
                throw new IllegalStateException("length too long for a header element");
            }
            long length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | peek();
                position++;
            }
            return length;
        }

        private void check(int index) {
            if (index >= limit) {
                throw new ArrayIndexOutOfBoundsException(index);
            }
        }
    }
}
