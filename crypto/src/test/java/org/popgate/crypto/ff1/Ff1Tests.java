package org.popgate.crypto.ff1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ff1Tests {

    private static final String K128 = "2B7E151628AED2A6ABF7158809CF4F3C";
    private static final String K192 = K128 + "EF4359D8D580AA4F";
    private static final String K256 = K192 + "7F036D6F04FC6A94";
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** NIST SP 800-38G FF1 samples 1-9 (AES-128/192/256, radix 10 and 36). */
    @ParameterizedTest(name = "sample {0}")
    @CsvSource({
        "1, " + K128 + ", 10, 0123456789, '', 2433477484",
        "2, " + K128 + ", 10, 0123456789, 39383736353433323130, 6124200773",
        "3, " + K128 + ", 36, 0123456789abcdefghi, 3737373770717273373737, a9tv40mll9kdu509eum",
        "4, " + K192 + ", 10, 0123456789, '', 2830668132",
        "5, " + K192 + ", 10, 0123456789, 39383736353433323130, 2496655549",
        "6, " + K192 + ", 36, 0123456789abcdefghi, 3737373770717273373737, xbj3kv35jrawxv32ysr",
        "7, " + K256 + ", 10, 0123456789, '', 6657667009",
        "8, " + K256 + ", 10, 0123456789, 39383736353433323130, 1001623463",
        "9, " + K256 + ", 36, 0123456789abcdefghi, 3737373770717273373737, xs8a0azh2avyalyzuwd"
    })
    void matchesTheNistSampleVectors(int sample, String key, int radix, String plain, String tweak, String cipher) {
        byte[] k = HexFormat.of().parseHex(key);
        byte[] t = tweak == null ? new byte[0] : HexFormat.of().parseHex(tweak);
        Ff1 ff1 = new Ff1(k, radix);
        assertThat(text(ff1.encrypt(numerals(plain), t))).isEqualTo(cipher);
        assertThat(text(ff1.decrypt(numerals(cipher), t))).isEqualTo(plain);
        if (radix == 10) {
            DecimalFf1 fast = new DecimalFf1(k, plain.length(), t);
            assertThat(fast.encrypt(Long.parseLong(plain))).isEqualTo(Long.parseLong(cipher));
            assertThat(fast.decrypt(Long.parseLong(cipher))).isEqualTo(Long.parseLong(plain));
        }
    }

    @Test
    void decimalFastPathAgreesWithBouncyCastleOnSeventeenDigits() {
        SplittableRandom random = new SplittableRandom(42);
        for (int keySize : new int[] {16, 24, 32}) {
            byte[] key = new byte[keySize];
            random.nextBytes(key);
            byte[] tweak = new byte[random.nextInt(0, 20)];
            random.nextBytes(tweak);
            DecimalFf1 fast = new DecimalFf1(key, 17, tweak);
            FPEFF1Engine bc = new FPEFF1Engine(new AESEngine());
            bc.init(true, new FPEParameters(new KeyParameter(key), 10, tweak));
            for (int i = 0; i < 500; i++) {
                long value = random.nextLong(100_000_000_000_000_000L);
                byte[] digits = digits(value, 17);
                byte[] expected = new byte[17];
                bc.processBlock(digits, 0, 17, expected, 0);
                long encrypted = fast.encrypt(value);
                assertThat(digits(encrypted, 17)).isEqualTo(expected);
                assertThat(fast.decrypt(encrypted)).isEqualTo(value);
            }
        }
    }

    @Test
    void everyLengthFromSixToEighteenDigitsRoundTripsAndMatchesTheReference() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] key = new byte[32];
        random.nextBytes(key);
        for (int n = 6; n <= 18; n++) {
            DecimalFf1 fast = new DecimalFf1(key, n, new byte[0]);
            Ff1 reference = new Ff1(key, 10);
            long bound = (long) Math.pow(10, n);
            for (int i = 0; i < 50; i++) {
                long value = random.nextLong(bound);
                long encrypted = fast.encrypt(value);
                int[] ref = reference.encrypt(toInts(digits(value, n)), new byte[0]);
                assertThat(toInts(digits(encrypted, n))).isEqualTo(ref);
                assertThat(fast.decrypt(encrypted)).isEqualTo(value);
            }
        }
    }

    private static byte[] digits(long value, int n) {
        byte[] out = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = (byte) (value % 10);
            value /= 10;
        }
        return out;
    }

    private static int[] toInts(byte[] digits) {
        int[] out = new int[digits.length];
        for (int i = 0; i < digits.length; i++) {
            out[i] = digits[i];
        }
        return out;
    }

    private static int[] numerals(String s) {
        return s.chars().map(ALPHABET::indexOf).toArray();
    }

    private static String text(int[] numerals) {
        StringBuilder out = new StringBuilder();
        for (int x : numerals) {
            out.append(ALPHABET.charAt(x));
        }
        return out.toString();
    }
}
