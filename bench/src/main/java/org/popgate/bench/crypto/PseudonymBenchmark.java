package org.popgate.bench.crypto;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.ff1.DecimalFf1;
import org.popgate.crypto.pseudonym.IdDomain;
import org.popgate.crypto.pseudonym.Pseudonym;
import org.popgate.crypto.pseudonym.PseudonymKeys;
import org.popgate.crypto.pseudonym.Pseudonymiser;
import org.popgate.crypto.pseudonym.TokenDomain;

/** Per-value costs: FF1 over 17 digits (BC's engine on BC's AES vs DecimalFf1 on JDK AES), full ID pseudonyms, tokens, column encryption. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PseudonymBenchmark {

    private final byte[] key = new byte[32];
    private final byte[] digits = new byte[17];
    private final byte[] out = new byte[17];
    private FPEFF1Engine bc;
    private DecimalFf1 fast;
    private IdDomain ids;
    private TokenDomain tokens;
    private ColumnCipher column;
    private byte[] storedName;
    private long counter = 43112819870614001L;

    @Setup
    public void setUp() {
        new SplittableRandom(1).nextBytes(key);
        bc = new FPEFF1Engine(AESEngine.newInstance());
        bc.init(true, new FPEParameters(new KeyParameter(key), 10, new byte[0]));
        fast = new DecimalFf1(key, 17, new byte[0]);
        PseudonymKeys keys = new PseudonymKeys() {
            @Override
            public int currentVersion() {
                return 1;
            }

            @Override
            public javax.crypto.SecretKey master(int version) {
                return new SecretKeySpec(key, "AES");
            }
        };
        Pseudonymiser pseudonymiser = new Pseudonymiser(keys);
        ids = pseudonymiser.idNumbers("431128.police");
        tokens = pseudonymiser.tokens("431128.police", "name");
        column = new ColumnCipher(v -> new SecretKeySpec(key, "AES"), 1);
        storedName = column.encryptString("person", "name", "123456", "欧阳娜娜");
    }

    @Benchmark
    public byte[] ff1BouncyCastleAes() {
        long v = counter++;
        for (int i = 16; i >= 0; i--) {
            digits[i] = (byte) (v % 10);
            v /= 10;
        }
        bc.processBlock(digits, 0, 17, out, 0);
        return out;
    }

    @Benchmark
    public long ff1DecimalJdkAes() {
        return fast.encrypt(counter++ % 100_000_000_000_000_000L);
    }

    @Benchmark
    public Pseudonym idPseudonym() {
        return ids.pseudonymise("11010519491231002X");
    }

    @Benchmark
    public Pseudonym keyedHashToken() {
        return tokens.token("欧阳娜娜");
    }

    @Benchmark
    public byte[] columnEncrypt() {
        return column.encryptString("person", "name", "123456", "欧阳娜娜");
    }

    @Benchmark
    public String columnDecrypt() {
        return column.decryptString("person", "name", "123456", storedName);
    }
}
