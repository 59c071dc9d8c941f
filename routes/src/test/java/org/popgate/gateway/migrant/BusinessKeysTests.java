package org.popgate.gateway.migrant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BusinessKeysTests {

    @Test
    void keysAreVersion7UuidsCarryingTheirMillisecondAndSortByTime() {
        Instant at = Instant.parse("2026-11-29T06:00:00.123Z");
        String earlier = BusinessKeys.next(Clock.fixed(at, ZoneOffset.UTC));
        String later = BusinessKeys.next(Clock.fixed(at.plusMillis(1), ZoneOffset.UTC));
        UUID uuid = UUID.fromString(earlier);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        assertThat(later).isGreaterThan(earlier).hasSize(36);
    }

    @Test
    void keysOfTheSameMillisecondDiffer() {
        Clock frozen = Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(BusinessKeys.next(frozen));
        }
        assertThat(keys).hasSize(10_000);
    }
}
