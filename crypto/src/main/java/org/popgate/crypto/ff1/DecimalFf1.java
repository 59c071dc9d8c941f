package org.popgate.crypto.ff1;

import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * FF1 (NIST SP 800-38G) over a fixed number of decimal digits (6..18), with the numerals held in
 * machine integers: bit-identical to {@link Ff1} with radix 10, but with no BigInteger, no array
 * per round and exactly one AES block per round.
 *
 * <p>Why it is fast: with v ≤ 9 the round input B fits in 4 bytes, so Q's variable part (round
 * number and B) sits in Q's last block; the CBC-MAC over P and the fixed blocks of Q is computed
 * once per key and tweak, and each round costs one AES call on the JDK's AES-NI path. d is 8, so
 * y is the first 8 bytes of R as an unsigned long, reduced mod 10^m with machine arithmetic.
 *
 * <p>Not thread-safe (it holds a JDK {@code Cipher}); use one per thread.
 */
public final class DecimalFf1 {

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final AesBlock aes;
    private final int n;
    private final int u;
    private final int v;
    private final int b;
    private final byte[] macState = new byte[16];
    private final byte[] lastBlockPrefix = new byte[16];
    private final byte[] block = new byte[16];

    /** FF1 with {@code key} (16, 24 or 32 bytes) over {@code digits}-digit numbers under {@code tweak}. */
    public DecimalFf1(byte[] key, int digits, byte[] tweak) {
        if (digits < 6 || digits > 18) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "DecimalFf1 handles 6 to 18 digits");
        }
        this.aes = new AesBlock(key);
        this.n = digits;
        this.u = digits / 2;
        this.v = digits - u;
        this.b = (int) Math.ceil(Math.ceil(v * Math.log(10) / Math.log(2)) / 8);
        int t = tweak.length;
        byte[] p = {1, 2, 1, 0, 0, 10, 10, (byte) u, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n,
            (byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t};
        int pad = Math.floorMod(-t - b - 1, 16);
        byte[] q = new byte[t + pad + 1 + b];
        System.arraycopy(tweak, 0, q, 0, t);
        // CBC-MAC over P and every block of Q but the last, which holds the round number and B.
        aes.encrypt(p, 0, macState, 0);
        int lastOffset = q.length - 16;
        for (int off = 0; off < lastOffset; off += 16) {
            for (int k = 0; k < 16; k++) {
                macState[k] ^= q[off + k];
            }
            aes.encrypt(macState, 0, macState, 0);
        }
        System.arraycopy(q, lastOffset, lastBlockPrefix, 0, 16);
    }

    /** Number of digits this instance encrypts. */
    public int digits() {
        return n;
    }

    /** Encrypts {@code value} (0 ≤ value < 10^digits). */
    public long encrypt(long value) {
        check(value);
        long a = value / POW10[v];
        long bb = value % POW10[v];
        for (int i = 0; i < 10; i++) {
            int m = (i & 1) == 0 ? u : v;
            long c = (a + round(i, bb, m)) % POW10[m];
            a = bb;
            bb = c;
        }
        return a * POW10[v] + bb;
    }

    /** Decrypts {@code value} (0 ≤ value < 10^digits). */
    public long decrypt(long value) {
        check(value);
        long a = value / POW10[v];
        long bb = value % POW10[v];
        for (int i = 9; i >= 0; i--) {
            int m = (i & 1) == 0 ? u : v;
            long c = Math.floorMod(bb - round(i, a, m), POW10[m]);
            bb = a;
            a = c;
        }
        return a * POW10[v] + bb;
    }

    /** y mod 10^m for round {@code i} with round input {@code x}. */
    private long round(int i, long x, int m) {
        System.arraycopy(lastBlockPrefix, 0, block, 0, 16);
        block[15 - b] = (byte) i;
        for (int k = 0; k < b; k++) {
            block[15 - k] = (byte) (x >>> (8 * k));
        }
        for (int k = 0; k < 16; k++) {
            block[k] ^= macState[k];
        }
        aes.encrypt(block, 0, block, 0);
        long y = 0;
        for (int k = 0; k < 8; k++) {
            y = (y << 8) | (block[k] & 0xff);
        }
        return Long.remainderUnsigned(y, POW10[m]);
    }

    private void check(long value) {
        if (value < 0 || value >= POW10[n]) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "The value has more digits than this FF1 instance");
        }
    }
}
