package org.popgate.crypto.ff1;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * FF1 format-preserving encryption (NIST SP 800-38G) for any radix 2..65536, written straight from
 * the specification with {@link BigInteger} numerals, on the JDK's AES. The reference against which
 * {@link DecimalFf1} (the fast path) is tested; use that one for ID numbers. Not thread-safe.
 */
public final class Ff1 {

    private final AesBlock aes;
    private final int radix;

    /** FF1 with {@code key} (AES-128/192/256) over numerals of {@code radix}. */
    public Ff1(byte[] key, int radix) {
        if (radix < 2 || radix > 65536) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "FF1 radix must be 2..65536");
        }
        this.aes = new AesBlock(key);
        this.radix = radix;
    }

    /** Encrypts the numeral string {@code x} (values 0..radix-1) under {@code tweak}. */
    public int[] encrypt(int[] x, byte[] tweak) {
        return crypt(x, tweak, true);
    }

    /** Decrypts the numeral string {@code x} under {@code tweak}. */
    public int[] decrypt(int[] x, byte[] tweak) {
        return crypt(x, tweak, false);
    }

    private int[] crypt(int[] x, byte[] tweak, boolean encrypt) {
        int n = x.length;
        if (n < 2 || BigInteger.valueOf(radix).pow(n).compareTo(BigInteger.valueOf(1_000_000)) < 0) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "FF1 needs a domain of at least a million values");
        }
        for (int digit : x) {
            if (digit < 0 || digit >= radix) {
                throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "A numeral is outside the radix");
            }
        }
        int t = tweak.length;
        int u = n / 2;
        int v = n - u;
        int[] a = java.util.Arrays.copyOfRange(x, 0, u);
        int[] b = java.util.Arrays.copyOfRange(x, u, n);
        int bytes = (int) Math.ceil(Math.ceil(v * Math.log(radix) / Math.log(2)) / 8);
        int d = 4 * ((bytes + 3) / 4) + 4;
        byte[] p = ByteBuffer.allocate(16).put((byte) 1).put((byte) 2).put((byte) 1)
                .put((byte) (radix >> 16)).put((byte) (radix >> 8)).put((byte) radix)
                .put((byte) 10).put((byte) (u % 256)).putInt(n).putInt(t).array();
        int pad = Math.floorMod(-t - bytes - 1, 16);
        BigInteger bigRadix = BigInteger.valueOf(radix);
        for (int step = 0; step < 10; step++) {
            int i = encrypt ? step : 9 - step;
            int[] source = encrypt ? b : a;
            byte[] q = new byte[t + pad + 1 + bytes];
            System.arraycopy(tweak, 0, q, 0, t);
            q[t + pad] = (byte) i;
            byte[] numB = toBytes(num(source, bigRadix), bytes);
            System.arraycopy(numB, 0, q, q.length - bytes, bytes);
            byte[] r = prf(p, q);
            byte[] s = new byte[((d + 15) / 16) * 16];
            System.arraycopy(r, 0, s, 0, 16);
            for (int j = 1; j < (d + 15) / 16; j++) {
                byte[] block = r.clone();
                block[12] ^= (byte) (j >>> 24);
                block[13] ^= (byte) (j >>> 16);
                block[14] ^= (byte) (j >>> 8);
                block[15] ^= (byte) j;
                aes.encrypt(block, 0, s, 16 * j);
            }
            BigInteger y = new BigInteger(1, java.util.Arrays.copyOf(s, d));
            int m = i % 2 == 0 ? u : v;
            BigInteger modulus = bigRadix.pow(m);
            if (encrypt) {
                BigInteger c = num(a, bigRadix).add(y).mod(modulus);
                a = b;
                b = str(c, m);
            } else {
                BigInteger c = num(b, bigRadix).subtract(y).mod(modulus);
                b = a;
                a = str(c, m);
            }
        }
        int[] result = new int[n];
        System.arraycopy(a, 0, result, 0, u);
        System.arraycopy(b, 0, result, u, v);
        return result;
    }

    private byte[] prf(byte[] p, byte[] q) {
        byte[] y = new byte[16];
        aes.encrypt(p, 0, y, 0);
        for (int off = 0; off < q.length; off += 16) {
            for (int k = 0; k < 16; k++) {
                y[k] ^= q[off + k];
            }
            aes.encrypt(y, 0, y, 0);
        }
        return y;
    }

    private static BigInteger num(int[] digits, BigInteger radix) {
        BigInteger value = BigInteger.ZERO;
        for (int digit : digits) {
            value = value.multiply(radix).add(BigInteger.valueOf(digit));
        }
        return value;
    }

    private int[] str(BigInteger value, int m) {
        int[] digits = new int[m];
        BigInteger bigRadix = BigInteger.valueOf(radix);
        for (int k = m - 1; k >= 0; k--) {
            BigInteger[] qr = value.divideAndRemainder(bigRadix);
            digits[k] = qr[1].intValue();
            value = qr[0];
        }
        return digits;
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
