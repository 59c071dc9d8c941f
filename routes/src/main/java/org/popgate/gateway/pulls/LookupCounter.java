package org.popgate.gateway.pulls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts single-person lookups per standing approval and day, and keeps their bookkeeping rows. The quota is
 * enforced on an in-memory count (exact under concurrency: a lookup either gets a slot or is refused), started from
 * the database's rows of the day; the rows are written in batches, one transaction a second, instead of one commit
 * (one fsync) per lookup. The audit event of each lookup is written and durable before it is answered, so a crash
 * loses at most a second of bookkeeping rows, never the record of who looked whom up.
 */
final class LookupCounter {

    /** One lookup waiting to be written. */
    record Done(String pullId, String member, Instant at, boolean found) {}

    private record Day(Instant start, AtomicLong count) {}

    private final PullRepository pulls;
    private final TransactionTemplate transactions;
    private final Map<String, Day> days = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Done> pending = new ConcurrentLinkedQueue<>();

    LookupCounter(PullRepository pulls, TransactionTemplate transactions) {
        this.pulls = pulls;
        this.transactions = transactions;
    }

    /** Takes one of the approval's {@code limit} lookups of the day starting at {@code dayStart}; false when none is left. */
    boolean take(String pullId, Instant dayStart, int limit) {
        Day day = days.compute(pullId, (id, old) -> old != null && old.start().equals(dayStart) ? old
                : new Day(dayStart, new AtomicLong(pulls.lookupsSince(id, dayStart) + waiting(id, dayStart))));
        if (day.count().incrementAndGet() > limit) {
            day.count().decrementAndGet();
            return false;
        }
        return true;
    }

    /** Records a lookup for the bookkeeping (written with the next batch). */
    void done(Done lookup) {
        pending.add(lookup);
    }

    /** Writes the waiting rows in one transaction. */
    @Scheduled(fixedDelayString = "${popgate.pulls.lookup-flush:1s}")
    void flush() {
        List<Done> batch = new ArrayList<>();
        for (Done d = pending.poll(); d != null && batch.size() < 10_000; d = pending.poll()) {
            batch.add(d);
        }
        if (!batch.isEmpty()) {
            transactions.executeWithoutResult(status -> batch.forEach(d -> pulls.insertLookup(d.pullId(), d.member(),
                    d.at(), d.found())));
        }
    }

    /** Lookups of the approval since {@code since}: the written rows and those waiting for the next batch. */
    long used(String pullId, Instant since) {
        return pulls.lookupsSince(pullId, since) + waiting(pullId, since);
    }

    private long waiting(String pullId, Instant dayStart) {
        return pending.stream().filter(d -> d.pullId().equals(pullId) && !d.at().isBefore(dayStart)).count();
    }
}
