package org.popgate.crypto.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.popgate.crypto.suite.CryptoSuite;

class PackageStreamingTests {

    @TempDir
    Path dir;

    static java.util.List<CryptoSuite> suites() {
        return java.util.List.of(CryptoSuite.INTL, CryptoSuite.gm());
    }

    @Test
    void keepsHeapFlatWhileWritingAndReading200kRecords() throws Exception {
        PackageFixture f = new PackageFixture(CryptoSuite.INTL, dir.resolve("spool"));
        int count = 200_000;
        Path file = dir.resolve("big.p7m");
        long baseline = retainedHeap();
        AtomicLong peak = new AtomicLong();
        Iterator<String> records = IntStream.range(0, count).mapToObj(i -> {
            if (i % 50_000 == 0) {
                peak.accumulateAndGet(retainedHeap() - baseline, Math::max);
            }
            return wideRecord(i);
        }).iterator();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            f.writer(f.police).write(f.header("ex-big"), records, out);
        }
        assertThat(Files.size(file)).isGreaterThan(40L * 1024 * 1024);
        long read = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                OpenedPackage opened = f.reader(f.police).open(in, Expected.of("ex-big", f.police.name(), null))) {
            peak.accumulateAndGet(retainedHeap() - baseline, Math::max);
            Iterator<String> it = opened.records().iterator();
            while (it.hasNext()) {
                String record = it.next();
                if (read % 50_000 == 0) {
                    assertThat(record).isEqualTo(wideRecord((int) read));
                    peak.accumulateAndGet(retainedHeap() - baseline, Math::max);
                }
                read++;
            }
        }
        assertThat(read).isEqualTo(count);
        // 200k records are > 40 MB of text; holding them would show far above this bound.
        assertThat(peak.get()).isLessThan(12L * 1024 * 1024);
    }

    @Tag("long")
    @ParameterizedTest
    @MethodSource("suites")
    void roundTrips500kRecords(CryptoSuite suite) throws Exception {
        PackageFixture f = new PackageFixture(suite, dir.resolve("spool"));
        int count = 500_000;
        Path file = dir.resolve("long.p7m");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            f.writer(f.police, f.archive).write(f.header("ex-long"), PackageFixture.records(count), out);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                OpenedPackage opened = f.reader(f.archive).open(in, Expected.of("ex-long", f.police.name(), null))) {
            AtomicLong i = new AtomicLong();
            opened.forEachRecord(r -> assertThat(r).isEqualTo(PackageFixture.record((int) i.getAndIncrement())));
            assertThat(i.get()).isEqualTo(count);
        }
    }

    private static String wideRecord(int i) {
        return PackageFixture.record(i) + "y".repeat(200);
    }

    private static long retainedHeap() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
