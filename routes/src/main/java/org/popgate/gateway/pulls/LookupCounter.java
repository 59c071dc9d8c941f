package org.popgate.gateway.pulls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts single-person lookups per standing approval and day, and keeps their bookkeeping rows. The quota holds for
 * all gateway instances on one database together: an instance reserves a block of the day's lookups in the database
 * ({@code pull_lookup_quota}, one short transaction with the day's row locked) and hands the slots out from memory, so
 * the reservations of all instances never add up to more than the approval's lookups per day. Blocks grow while
 * lookups come fast (fewer transactions) and shrink as the day's quota runs out (fewer slots idle on one instance
 * while another is refused); an instance gives its unused slots back when it shuts down. A crashed instance's unused
 * slots stay reserved for the rest of the day: the quota errs towards refusing, never towards more lookups
 * (docs/decisions/lookup-quota.md).
 *
 * <p>The bookkeeping rows are written in batches, one transaction a second, instead of one commit (one fsync) per
 * lookup. The audit event of each lookup is written and durable before it is answered, so a crash loses at most a
 * second of bookkeeping rows, never the record of who looked whom up.
 */
final class LookupCounter implements AutoCloseable {

    /** One lookup waiting to be written. */
    record Done(String pullId, String member, Instant at, boolean found) {}

    /** Smallest and largest block of lookups reserved at once. */
    static final long MIN_BLOCK = 8;
    static final long MAX_BLOCK = 1024;
    /** A block used up faster than this makes the next one twice as large. */
    private static final long FAST_NANOS = 1_000_000_000L;

    /** This instance's slots of one approval's day; guarded by its own monitor. */
    private static final class Day {
        final Instant start;
        long granted;
        long used;
        long block = MIN_BLOCK;
        long reservedAt;

        Day(Instant start) {
            this.start = start;
        }
    }

    private final PullRepository pulls;
    private final TransactionTemplate transactions;
    private final Map<String, Day> days = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Done> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    LookupCounter(PullRepository pulls, TransactionTemplate transactions) {
        this.pulls = pulls;
        this.transactions = transactions;
    }

    /** Takes one of the approval's {@code limit} lookups of the day starting at {@code dayStart}; false when none is left. */
    boolean take(String pullId, Instant dayStart, int limit) {
        Day day = days.compute(pullId, (id, old) -> old != null && old.start.equals(dayStart) ? old : new Day(dayStart));
        synchronized (day) {
            if (closed) {
                return false;
            }
            if (day.used == day.granted) {
                long now = System.nanoTime();
                if (day.reservedAt != 0) {
                    day.block = now - day.reservedAt < FAST_NANOS ? Math.min(MAX_BLOCK, day.block * 2) : MIN_BLOCK;
                }
                long got = reserve(pullId, dayStart, limit, day.block);
                if (got == 0) {
                    return false;
                }
                day.granted += got;
                day.reservedAt = now;
            }
            day.used++;
            return true;
        }
    }

    /**
     * Reserves up to {@code block} lookups of the day in the database, at most a quarter of what is left (at least
     * one), so the last of the quota is not parked on one instance; 0 when the day's quota is used up.
     */
    private long reserve(String pullId, Instant dayStart, int limit, long block) {
        for (int attempt = 0; ; attempt++) {
            Long got = transactions.execute(status -> pulls.lockReservedLookups(pullId, dayStart).map(reserved -> {
                long left = limit - reserved;
                long n = left <= 0 ? 0 : Math.min(block, Math.max(1, left / 4));
                if (n > 0) {
                    pulls.reserveLookups(pullId, dayStart, n);
                }
                return n;
            }).orElse(null));
            if (got != null) {
                return got;
            }
            try {
                // The day's first reservation on any instance: create its row in its own transaction (a failed insert
                // would spoil the reservation's transaction on PostgreSQL), then reserve as usual.
                transactions.executeWithoutResult(status -> pulls.createLookupDay(pullId, dayStart));
            } catch (DuplicateKeyException anotherInstanceWasFirst) {
                if (attempt > 2) {
                    throw anotherInstanceWasFirst;
                }
            }
        }
    }

    /** Records a lookup for the bookkeeping (written with the next batch). */
    void done(Done lookup) {
        pending.add(lookup);
    }

    /** Writes the waiting rows in one transaction. */
    @Scheduled(fixedDelayString = "${popgate.pulls.lookup-flush:1s}")
    void flush() {
        List<Done> batch = new ArrayList<>();
        // The size check comes before the poll: a row taken off the queue is always written.
        for (Done d; batch.size() < 10_000 && (d = pending.poll()) != null; ) {
            batch.add(d);
        }
        if (!batch.isEmpty()) {
            transactions.executeWithoutResult(status -> pulls.insertLookups(batch));
        }
    }

    /** Stops handing out lookups, gives the unused reserved ones back to the database and writes the waiting rows. */
    @Override
    public void close() {
        closed = true;
        days.forEach((pullId, day) -> {
            synchronized (day) {
                long unused = day.granted - day.used;
                if (unused > 0) {
                    transactions.executeWithoutResult(status -> pulls.returnLookups(pullId, day.start, unused));
                    day.granted = day.used;
                }
            }
        });
        flush();
    }

    /** Lookups of the approval since {@code since}: the written rows and those waiting for the next batch. */
    long used(String pullId, Instant since) {
        return pulls.lookupsSince(pullId, since) + waiting(pullId, since);
    }

    private long waiting(String pullId, Instant dayStart) {
        return pending.stream().filter(d -> d.pullId().equals(pullId) && !d.at().isBefore(dayStart)).count();
    }
}
