package org.popgate.crypto.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import java.util.stream.Stream;
import org.popgate.crypto.suite.CryptoSuite;

class PackageRoundTripTests {

    @TempDir
    Path spool;

    static Stream<Arguments> suitesAndCounts() {
        return Stream.of(CryptoSuite.INTL, CryptoSuite.gm())
                .flatMap(s -> Stream.of(0, 1, 1000).map(n -> Arguments.of(s, n)));
    }

    @ParameterizedTest
    @MethodSource("suitesAndCounts")
    void roundTripsRecordsInOrderWithTheirManifest(CryptoSuite suite, int count) {
        PackageFixture f = new PackageFixture(suite, spool);
        byte[] bytes = f.write("ex-1", count);
        try (OpenedPackage opened = f.open(bytes, f.police, "ex-1")) {
            assertThat(opened.manifest().recordCount()).isEqualTo(count);
            assertThat(opened.manifest().exchangeId()).isEqualTo("ex-1");
            assertThat(opened.manifest().pseudonymKeyVersion()).isEqualTo(3);
            List<String> expected = IntStream.range(0, count).mapToObj(PackageFixture::record).toList();
            assertThat(opened.records().toList()).isEqualTo(expected);
        }
    }
}
