package org.popgate.gateway.ids;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Every id the gateway mints: pull, approval and lookup ids, the key of a refused receipt message, migrant business
 * keys and package ids. Each is a UUID version 7 (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then 74
 * random bits from a {@link SecureRandom}, as unguessable for these purposes as a random UUID. Their text sorts by
 * time, so a new id goes to the right-hand end of every index on it instead of into a random page: a migrant package's
 * hundreds of rows touch a few index pages per commit, not hundreds, and a lookup's audit row costs the sequencer's
 * backend ~1.5 µs less (docs/BENCHMARKS.md, audit, "Session 10"). An id says when it was minted, to the millisecond,
 * which the row it keys says anyway.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    /** A new id, stamped with the system clock. */
    public static String next() {
        return next(Clock.systemUTC());
    }

    /** A new id, stamped with {@code clock}'s current millisecond. */
    public static String next(Clock clock) {
        return of(clock.millis(), RANDOM.nextLong(), RANDOM.nextLong()).toString();
    }

    /**
     * The version-7 id for {@code unixMillis} whose random bits are taken from {@code randA} (its low 12 bits) and
     * {@code randB} (its low 62 bits).
     */
    public static UUID of(long unixMillis, long randA, long randB) {
        if (unixMillis < 0 || unixMillis >>> 48 != 0) {
            throw new IllegalArgumentException("unixMillis must fit in 48 bits");
        }
        long msb = unixMillis << 16 | 0x7000L | randA & 0xfffL;
        long lsb = randB & 0x3fff_ffff_ffff_ffffL | Long.MIN_VALUE;
        return new UUID(msb, lsb);
    }
}
