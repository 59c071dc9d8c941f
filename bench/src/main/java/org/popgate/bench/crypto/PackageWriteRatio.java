package org.popgate.bench.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.pack.Expected;
import org.popgate.crypto.pack.ManifestHeader;
import org.popgate.crypto.pack.OpenedPackage;
import org.popgate.crypto.pack.PackageReader;
import org.popgate.crypto.pack.PackageWriter;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * Package write and read against the floor (SHA-256 + JDK AES-256-GCM over the same bytes), one
 * second of each in turn, round after round, on the same 20,000-record package as
 * {@link PackageBenchmark}; reports the median of the per-round ratios. On a shared machine whose
 * load drifts by the minute, alternating keeps floor and writer under the same load, so the median
 * ratio is steadier than two JMH scores taken minutes apart. Each op is single-threaded, so the
 * rate per second of the thread's own CPU time is also reported: when other processes take the
 * cores, wall-clock rates measure the scheduler, CPU-time rates still measure the work. Args:
 * {@code [INTL|GM] [rounds]}.
 */
public final class PackageWriteRatio {

    public static void main(String[] args) throws Exception {
        CryptoSuite suite = CryptoSuite.named(args.length > 0 ? args[0] : "INTL");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Members members = new Members(suite);
        String[] lines = new String[20_000];
        byte[][] encoded = new byte[lines.length][];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < lines.length; i++) {
            String line = "{\"seq\":" + i + ",\"id\":\"43112819870614" + String.format("%04d", i % 10000)
                    + "\",\"area\":\"431128103\",\"pad\":\"";
            lines[i] = line + "x".repeat(Math.max(0, PackageBenchmark.RECORD_BYTES - 3 - line.length())) + "\"}";
            encoded[i] = lines[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            all.write(encoded[i]);
            all.write('\n');
        }
        byte[] records = all.toByteArray();
        PackageWriter writer = PackageWriter.of(suite, members.senderSigning.getPrivate(), members.senderCertificate,
                List.of(members.recipientCertificate));
        ManifestHeader header = ManifestHeader.jsonLines("bench", "approval", "431100.gateway", "431128.police", "bench",
                "bench", Instant.now(), "person/1", 1);
        ByteArrayOutputStream packaged = new ByteArrayOutputStream();
        writer.write(header, List.of(lines).iterator(), packaged);
        byte[] packageBytes = packaged.toByteArray();
        PackageReader reader = PackageReader.of(suite, members.recipientEncryption.getPrivate(),
                members.recipientCertificate, CertificateTrust.anchoredAt(members.ca.certificate()),
                Files.createTempDirectory("bench-spool"), Clock.systemUTC());
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        SecretKey key = generator.generateKey();
        SecureRandom random = new SecureRandom();

        Runnable floor = () -> floor(records, key, random);
        // What the pull pipeline runs: records built straight into UTF-8 bytes, handed to the sink as bytes.
        Runnable write = () -> {
            try (PackageWriter.RecordSink sink = writer.open(header, OutputStream.nullOutputStream())) {
                for (byte[] line : encoded) {
                    sink.add(line);
                }
                sink.finish();
            }
        };
        // The same records as Strings (GB18030 CSV and callers that only have Strings): encoded by the writer.
        Runnable writeStrings = () -> writer.write(header, List.of(lines).iterator(), OutputStream.nullOutputStream());
        Runnable read = () -> {
            try (OpenedPackage opened = reader.open(new ByteArrayInputStream(packageBytes),
                    Expected.of("bench", "431128.police", null))) {
                opened.forEachRecord(r -> { });
            }
        };
        double[][] wall = new double[4][rounds];
        double[][] cpu = new double[4][rounds];
        Runnable[] ops = {floor, write, read, writeStrings};
        // Warm-up: at least 3 rounds and 300 floor packages (≈ 19,000 GCM updates, past C2's compile
        // threshold), then on until the floor's CPU rate is steady (within 10% of the round before). The
        // JDK's GHASH intrinsic only takes over once C2 has compiled the GCM callers — many seconds on a
        // loaded machine; before that the floor runs ~20x slower and a ratio means nothing.
        double previousFloor = 0;
        double floorOps = 0;
        for (int warm = 1; warm <= 60; warm++) {
            double[] floorRates = rates(floor);
            floorOps += floorRates[0];
            rates(write);
            rates(read);
            rates(writeStrings);
            System.out.printf("warm-up %2d: floor %6.1f ops per CPU-second%n", warm, floorRates[1]);
            if (warm >= 3 && floorOps >= 300 && Math.abs(floorRates[1] - previousFloor) < 0.1 * previousFloor) {
                break;
            }
            previousFloor = floorRates[1];
        }
        for (int round = 0; round < rounds; round++) {
            double[] w = new double[4];
            double[] c = new double[4];
            for (int k = 0; k < 4; k++) {
                double[] rates = rates(ops[k]);
                w[k] = rates[0];
                c[k] = rates[1];
            }
            System.out.printf("round %2d: wall ops/s floor %6.1f write %6.1f read %6.1f | CPU ops/s floor %6.1f write %6.1f"
                    + " (%.2f) read %6.1f (%.2f) write strings %6.1f (%.2f)%n", round, w[0], w[1], w[2], c[0], c[1],
                    c[1] / c[0], c[2], c[2] / c[0], c[3], c[3] / c[0]);
            for (int k = 0; k < 4; k++) {
                wall[k][round] = k == 0 ? w[0] : w[k] / w[0];
                cpu[k][round] = k == 0 ? c[0] : c[k] / c[0];
            }
        }
        double mb = records.length / 1e6;
        System.out.printf("%s, median of %d rounds: floor %.1f ops/s wall (%.0f MB/s), %.1f per CPU-second (%.0f MB/s)%n",
                suite.name(), rounds, median(wall[0]), median(wall[0]) * mb, median(cpu[0]), median(cpu[0]) * mb);
        System.out.printf("  write (records as UTF-8 bytes)/floor: wall %.2f, CPU %.2f (CPU min %.2f, max %.2f)%n", median(wall[1]), median(cpu[1]),
                min(cpu[1]), max(cpu[1]));
        System.out.printf("  write (records as Strings)/floor: wall %.2f, CPU %.2f (CPU min %.2f, max %.2f)%n",
                median(wall[3]), median(cpu[3]), min(cpu[3]), max(cpu[3]));
        System.out.printf("  read/floor:  wall %.2f, CPU %.2f (CPU min %.2f, max %.2f)%n", median(wall[2]), median(cpu[2]),
                min(cpu[2]), max(cpu[2]));
    }

    /** Runs {@code op} for a second of wall time; returns {ops per wall second, ops per CPU second of this thread}. */
    private static double[] rates(Runnable op) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long n = 0;
        while (System.nanoTime() - start < 1_000_000_000L) {
            op.run();
            n++;
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new double[] {n / wallSeconds, n / cpuSeconds};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** The same work as {@link PackageBenchmark#floorSha256AndAesGcm}. */
    private static void floor(byte[] records, SecretKey key, SecureRandom random) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] out = new byte[64 * 1024 + 32];
            for (int off = 0; off < records.length; off += 64 * 1024) {
                int len = Math.min(64 * 1024, records.length - off);
                sha.update(records, off, len);
                cipher.update(records, off, len, out, 0);
            }
            cipher.doFinal(out, 0);
            sha.digest();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
