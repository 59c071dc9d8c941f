package org.popgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AuditSuiteTests {

    /** SHA-256("abc") (FIPS 180-2) and SM3("abc") (GB/T 32905-2016, example 1). */
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";

    @Test
    void eachNewDigestIsIndependentAndComputesTheSuiteHash() {
        for (AuditSuite suite : AuditSuite.values()) {
            String expected = suite == AuditSuite.INTL ? SHA256_ABC : SM3_ABC;
            MessageDigest a = suite.newDigest();
            MessageDigest b = suite.newDigest();
            assertThat(a).isNotSameAs(b);
            a.update("ab".getBytes(StandardCharsets.US_ASCII));
            b.update("x".getBytes(StandardCharsets.US_ASCII));
            a.update((byte) 'c');
            assertThat(HexFormat.of().formatHex(a.digest())).as(suite.name()).isEqualTo(expected);
            assertThat(HexFormat.of().formatHex(suite.newDigest().digest("abc".getBytes(StandardCharsets.US_ASCII))))
                    .as(suite.name()).isEqualTo(expected);
        }
    }
}
