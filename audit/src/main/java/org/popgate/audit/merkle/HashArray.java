package org.popgate.audit.merkle;

/** A growable array of fixed-size hashes in 1 MiB chunks (no per-hash object overhead). */
final class HashArray {

    private static final int CHUNK_BITS = 15;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final int width;
    private byte[][] chunks = new byte[4][];
    private long size;

    HashArray(int width) {
        this.width = width;
    }

    long size() {
        return size;
    }

    void add(byte[] hash) {
        int c = (int) (size >>> CHUNK_BITS);
        if (c == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new byte[CHUNK * width];
        }
        System.arraycopy(hash, 0, chunks[c], (int) (size & (CHUNK - 1)) * width, width);
        size++;
    }

    byte[] get(long i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("hash index " + i + " of " + size);
        }
        byte[] out = new byte[width];
        System.arraycopy(chunks[(int) (i >>> CHUNK_BITS)], (int) (i & (CHUNK - 1)) * width, out, 0, width);
        return out;
    }
}
