package org.popgate.crypto.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.suite.CryptoSuite;

/** Records handed to the writer as UTF-8 bytes: the same package content as Strings, and the same refusals. */
class PackageByteRecordsTests {

    @TempDir
    Path spool;

    private PackageFixture f;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        f = new PackageFixture(CryptoSuite.INTL, spool);
    }

    @Test
    void writesTheSameRecordsAndDigestAsTheStringPath() {
        Random random = new Random(20261129);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // lengths 0..400 around every word and chunk boundary; ASCII, tabs, Chinese, a 4-byte character
            String text = switch (i % 5) {
                case 0 -> PackageFixture.record(i);
                case 1 -> "x".repeat(random.nextInt(16));
                case 2 -> "a\tb,\"c\"" + "y".repeat(random.nextInt(400));
                case 3 -> "户口" + "z".repeat(random.nextInt(40)) + "😀";
                default -> "{\"seq\":" + i + "}" + " ".repeat(random.nextInt(300));
            };
            records.add(text);
        }
        PackageWriter writer = f.writer(f.police);
        ByteArrayOutputStream asStrings = new ByteArrayOutputStream();
        Manifest fromStrings = writer.write(f.header("ex-1"), records.iterator(), asStrings);
        ByteArrayOutputStream asBytes = new ByteArrayOutputStream();
        Manifest fromBytes;
        try (PackageWriter.RecordSink sink = writer.open(f.header("ex-1"), asBytes)) {
            byte[] frame = new byte[1_024];
            for (String record : records) {
                byte[] encoded = record.getBytes(StandardCharsets.UTF_8);
                int offset = encoded.length % 7; // a slice of a larger buffer, as a reusable line builder hands it
                System.arraycopy(encoded, 0, frame, offset, encoded.length);
                sink.add(frame, offset, encoded.length);
            }
            fromBytes = sink.finish();
        }

        assertThat(fromBytes.recordCount()).isEqualTo(records.size());
        assertThat(fromBytes.recordsSha256Hex()).isEqualTo(fromStrings.recordsSha256Hex());
        try (OpenedPackage opened = f.open(asBytes.toByteArray(), f.police, "ex-1")) {
            assertThat(opened.records().toList()).isEqualTo(records);
        }
    }

    @Test
    void refusesALineBreakAnywhereInARecordAndKeepsTheCount() {
        try (PackageWriter.RecordSink sink = f.writer(f.police).open(f.header("ex-2"), OutputStream.nullOutputStream())) {
            for (int length : new int[] {1, 7, 8, 9, 16, 17, 200}) {
                for (int at = 0; at < length; at++) {
                    for (byte lineBreak : new byte[] {'\n', '\r'}) {
                        byte[] record = "a".repeat(length).getBytes(StandardCharsets.US_ASCII);
                        record[at] = lineBreak;
                        assertThatThrownBy(() -> sink.add(record))
                                .isInstanceOf(CryptoException.class)
                                .extracting(e -> ((CryptoException) e).code()).isEqualTo(CryptoErrorCode.INVALID_INPUT);
                    }
                }
            }
            sink.add("ok".getBytes(StandardCharsets.US_ASCII));
            assertThat(sink.count()).isEqualTo(1);
        }
    }

    @Test
    void refusesBytesThatAreNotWellFormedUtf8() {
        byte[][] malformed = {
            {(byte) 0xc0, (byte) 0xaf},                           // overlong '/'
            {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},              // overlong 3-byte form
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},              // a surrogate
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0x80},                                         // a lone continuation byte
            {'a', 'b', 'c', 'd', 'e', 'f', 'g', (byte) 0xe6, (byte) 0x88}, // cut off at the end
            {(byte) 0xff, 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'},
        };
        try (PackageWriter.RecordSink sink = f.writer(f.police).open(f.header("ex-3"), OutputStream.nullOutputStream())) {
            for (byte[] record : malformed) {
                assertThatThrownBy(() -> sink.add(record))
                        .isInstanceOf(CryptoException.class)
                        .hasMessageContaining("not well-formed UTF-8");
            }
            sink.add("张三 𠀀 ok".getBytes(StandardCharsets.UTF_8));
            assertThat(sink.count()).isEqualTo(1);
        }
    }

    @Test
    void refusesBytesForAPackageInAnotherEncoding() {
        ManifestHeader gb18030 = new ManifestHeader("ex-4", "approval-7", f.gateway.name(), f.police.name(), "check",
                "basis", java.time.Instant.now(), ContentType.CSV, Charset.forName("GB18030"), "person/1", 3);
        try (PackageWriter.RecordSink sink = f.writer(f.police).open(gb18030, OutputStream.nullOutputStream())) {
            assertThatThrownBy(() -> sink.add("a,b".getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(CryptoException.class)
                    .extracting(e -> ((CryptoException) e).code()).isEqualTo(CryptoErrorCode.INVALID_INPUT);
        }
    }
}
