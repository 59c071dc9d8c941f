package org.popgate.bench.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.pack.Expected;
import org.popgate.crypto.pack.ManifestHeader;
import org.popgate.crypto.pack.OpenedPackage;
import org.popgate.crypto.pack.PackageReader;
import org.popgate.crypto.pack.PackageWriter;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * Package write and read against the floor measured in the same run: SHA-256 plus JDK AES-256-GCM
 * over the same record bytes. One op = one package of {@code records} records (~{@value #RECORD_BYTES}
 * bytes each); MB/s = ops/s × package bytes, records/s = ops/s × records.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PackageBenchmark {

    static final int RECORD_BYTES = 200;

    @Param({"INTL", "GM"})
    public String suite;

    @Param({"20000"})
    public int records;

    private String[] lines;
    private byte[][] encodedLines;
    private byte[] recordBytes;
    private byte[] packageBytes;
    private PackageWriter writer;
    private PackageReader reader;
    private ManifestHeader header;
    private SecretKey floorKey;
    private final SecureRandom random = new SecureRandom();

    @Setup
    public void setUp() throws Exception {
        CryptoSuite cryptoSuite = CryptoSuite.named(suite);
        Members members = new Members(cryptoSuite);
        lines = new String[records];
        encodedLines = new byte[records][];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            String line = "{\"seq\":" + i + ",\"id\":\"43112819870614" + String.format("%04d", i % 10000)
                    + "\",\"area\":\"431128103\",\"pad\":\"";
            line = line + "x".repeat(Math.max(0, RECORD_BYTES - 3 - line.length())) + "\"}";
            lines[i] = line;
            encodedLines[i] = line.getBytes(StandardCharsets.UTF_8);
            all.write(encodedLines[i]);
            all.write('\n');
        }
        recordBytes = all.toByteArray();
        writer = PackageWriter.of(cryptoSuite, members.senderSigning.getPrivate(), members.senderCertificate,
                List.of(members.recipientCertificate));
        header = ManifestHeader.jsonLines("bench", "approval", "431100.gateway", "431128.police", "bench", "bench",
                Instant.now(), "person/1", 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(header, List.of(lines).iterator(), out);
        packageBytes = out.toByteArray();
        Path spool = Files.createTempDirectory("bench-spool");
        reader = PackageReader.of(cryptoSuite, members.recipientEncryption.getPrivate(), members.recipientCertificate,
                CertificateTrust.anchoredAt(members.ca.certificate()), spool, Clock.systemUTC());
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        floorKey = generator.generateKey();
    }

    @Benchmark
    public long write() {
        CountingSink sink = new CountingSink();
        writer.write(header, List.of(lines).iterator(), sink);
        return sink.count;
    }

    /** The records handed over as UTF-8 bytes, as the pull route does since session 5. */
    @Benchmark
    public long writeBytes() {
        CountingSink out = new CountingSink();
        try (PackageWriter.RecordSink sink = writer.open(header, out)) {
            for (byte[] line : encodedLines) {
                sink.add(line);
            }
            sink.finish();
        }
        return out.count;
    }

    @Benchmark
    public void read(Blackhole blackhole) {
        try (OpenedPackage opened = reader.open(new ByteArrayInputStream(packageBytes),
                Expected.of("bench", "431128.police", null))) {
            opened.forEachRecord(blackhole::consume);
        }
    }

    /** The floor: what any signed-and-encrypted package must at least cost, in 64 KiB steps like the writer. */
    @Benchmark
    public byte[] floorSha256AndAesGcm() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        cipher.init(Cipher.ENCRYPT_MODE, floorKey, new GCMParameterSpec(128, nonce));
        byte[] out = new byte[64 * 1024 + 32];
        for (int off = 0; off < recordBytes.length; off += 64 * 1024) {
            int len = Math.min(64 * 1024, recordBytes.length - off);
            sha.update(recordBytes, off, len);
            cipher.update(recordBytes, off, len, out, 0);
        }
        cipher.doFinal(out, 0);
        return sha.digest();
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
