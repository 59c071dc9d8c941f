package org.popgate.gateway.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTests {

    /** RFC 9562 Appendix A.6: the example UUIDv7 for 2022-02-22T19:22:22Z (Unix ms 0x017F22E279B0). */
    @Test
    void matchesTheRfcExampleLayout() {
        UUID id = TimeOrderedIds.of(0x017F22E279B0L, 0xCC3, 0x18C4DC0C0C07398FL);
        assertThat(id.toString()).isEqualTo("017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void textSortsByTimeAndIdsAreUniqueVersion7() {
        List<String> ids = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        Instant t = Instant.parse("2026-11-29T08:00:00Z");
        for (int i = 0; i < 2000; i++) {
            UUID id = UUID.fromString(TimeOrderedIds.next(Clock.fixed(t.plusMillis(i), ZoneOffset.UTC)));
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(t.toEpochMilli() + i);
            assertThat(seen.add(id)).isTrue();
            ids.add(id.toString());
        }
        assertThat(ids).isSorted();
        assertThat(ids).allSatisfy(id -> assertThat(id).hasSize(36));
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Clock frozen = Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next(frozen));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void refusesTimesOutsideFortyEightBits() {
        assertThatThrownBy(() -> TimeOrderedIds.of(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeOrderedIds.of(1L << 48, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
