package org.popgate.gateway.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The member check's cache: bounded age, emptied by a change, and never serving a read that raced a change. */
class MemberAccessCacheTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger reads = new AtomicInteger();

    private Optional<MemberStatus> read(MemberAccessCache cache, MemberStatus inDatabase) {
        return cache.status("431128.health", name -> {
            reads.incrementAndGet();
            return Optional.of(inDatabase);
        });
    }

    @Test
    void servesAnEntryUntilItsTimeToLiveThenReadsAgain() {
        MemberAccessCache cache = new MemberAccessCache(Duration.ofSeconds(1), now::get);
        assertThat(read(cache, MemberStatus.ACTIVE)).contains(MemberStatus.ACTIVE);
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(read(cache, MemberStatus.SUSPENDED)).as("within the bound: the cached status")
                .contains(MemberStatus.ACTIVE);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(read(cache, MemberStatus.SUSPENDED)).as("at the bound: read again").contains(MemberStatus.SUSPENDED);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aChangeOnThisInstanceIsSeenOnTheNextRead() {
        MemberAccessCache cache = new MemberAccessCache(Duration.ofHours(1), now::get);
        assertThat(read(cache, MemberStatus.ACTIVE)).contains(MemberStatus.ACTIVE);
        cache.invalidate();
        assertThat(read(cache, MemberStatus.REVOKED)).contains(MemberStatus.REVOKED);
    }

    @Test
    void aReadThatRacedAChangeIsNotServedAfterIt() {
        MemberAccessCache cache = new MemberAccessCache(Duration.ofHours(1), now::get);
        // The database answers with the state from before the change; the change empties the cache meanwhile.
        Optional<MemberStatus> raced = cache.status("431128.health", name -> {
            cache.invalidate();
            return Optional.of(MemberStatus.ACTIVE);
        });
        assertThat(raced).contains(MemberStatus.ACTIVE);
        assertThat(read(cache, MemberStatus.REVOKED)).contains(MemberStatus.REVOKED);
    }

    @Test
    void aZeroTimeToLiveReadsTheDatabaseEveryTime() {
        MemberAccessCache cache = new MemberAccessCache(Duration.ZERO, now::get);
        read(cache, MemberStatus.ACTIVE);
        read(cache, MemberStatus.ACTIVE);
        read(cache, MemberStatus.ACTIVE);
        assertThat(reads).hasValue(3);
    }

    @Test
    void certificatesAndStatusesAreKeptApart() {
        MemberAccessCache cache = new MemberAccessCache(Duration.ofHours(1), now::get);
        assertThat(cache.certificate("a1", serial -> Optional.empty())).isEmpty();
        assertThat(read(cache, MemberStatus.ACTIVE)).contains(MemberStatus.ACTIVE);
        assertThat(cache.certificate("a1", serial -> {
            throw new AssertionError("an unknown serial is cached as unknown too");
        })).isEmpty();
    }
}
