package org.popgate.audit.log;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.event.EventCategory;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.merkle.Merkle;
import org.popgate.audit.merkle.MerkleTree;
import org.popgate.audit.merkle.TreeHead;
import org.popgate.audit.store.AppendResult;
import org.popgate.audit.store.AuditQuery;
import org.popgate.audit.store.AuditStore;
import org.popgate.audit.store.PendingRow;
import org.popgate.audit.store.StoredRow;

/**
 * The audit log: group-commit appends into an {@link AuditStore} and the in-memory Merkle tree over
 * it. {@link #append} returns only once the event is durable; concurrent callers are batched by one
 * committer thread into one transaction per batch (at most {@code maxBatch} events, waiting at most
 * {@code maxLinger} for more). When the store cannot be written the append throws
 * {@code audit_store_unavailable} and the caller must refuse its exchange (fail closed).
 *
 * <p>Two threads share the work. Under load the committer writes a batch with {@link AuditStore#appendCommitted}:
 * that returns once the batch is committed in its place in the one order, and the committer goes on with the next
 * batch. The publisher makes the batches committed so far durable with one
 * {@link AuditStore#flush} (on PostgreSQL one WAL flush for all of them, while the committer writes the next batch),
 * then adds them to the tree in order and wakes their callers. So under load neither the disk flush nor waking the
 * callers (a thread switch each) is part of every batch's turn. A small batch (light load, where each caller's wait
 * matters more than the rate) is written durably at once ({@link AuditStore#append}, one round trip instead of two),
 * which also makes the batches before it durable. On a store that appends durably anyway (H2) the flush has nothing
 * to do.
 *
 * <p>When a write or a flush fails, its callers get {@code audit_store_unavailable}, and so does every batch
 * committed after it that was not yet durable; the committer then waits until nothing is pending and starts again
 * from the tree. Rows that a failed batch did write are then read back as rows of another writer, so the tree always
 * matches the store, and an event whose caller was told that its append failed may still be in the log (as when
 * a commit succeeds and its answer is lost).
 *
 * <p>Start from the tree the start-up check rebuilt: {@code new AuditLog(store, startup.tree(), alarm, settings)}.
 */
public final class AuditLog implements AutoCloseable {

    /**
     * Tuning and identity of the log. {@code flushApartFrom}: the batch size from which a batch is committed and
     * flushed apart (see the class comment). Apart costs a second round trip per batch and so adds to every caller's
     * wait; it pays only when the database, not the callers' wait, limits the rate, which large batches show
     * (PostgreSQL: ~32 a batch with 64 writers, ~4 with 8; docs/BENCHMARKS.md).
     */
    public record Settings(int maxBatch, Duration maxLinger, int queueCapacity, String gatewayMember,
            int flushApartFrom) {

        public Settings {
            if (maxBatch < 1 || queueCapacity < maxBatch) {
                throw new IllegalArgumentException("maxBatch must be >= 1 and <= queueCapacity");
            }
            if (flushApartFrom < 1) {
                throw new IllegalArgumentException("flushApartFrom must be >= 1");
            }
        }

        /**
         * 256 events per batch, no artificial linger (batches form while the previous one commits), commit and flush
         * apart from 16 events a batch.
         */
        public static Settings defaults(String gatewayMember) {
            return new Settings(256, Duration.ZERO, 65_536, gatewayMember, 16);
        }

        /** These settings with batches committed and flushed apart from {@code batchSize} events on. */
        public Settings withFlushApartFrom(int batchSize) {
            return new Settings(maxBatch, maxLinger, queueCapacity, gatewayMember, batchSize);
        }
    }

    private final AuditStore store;
    private final MerkleTree tree;
    private final IntegrityAlarm alarm;
    private final Settings settings;
    private final BlockingQueue<Request> queue;
    private final Thread committer;
    private final Thread publisher;
    private volatile boolean running = true;

    /** Guards {@link #committed}, {@link #failed} and {@link #stopping}; signalled when they change. */
    private final Object lock = new Object();
    /** Batches committed but not yet published (durable, in the tree, callers woken), in log order. */
    private final ArrayDeque<Committed> committed = new ArrayDeque<>();
    /** A flush failed: fail every pending batch until the committer has started again from the tree. */
    private boolean failed;
    private boolean stopping;
    /** Committer only: the sequence number its next batch expects (the tree plus the batches not yet published). */
    private long nextSeq;
    /** Committer only: a write failed, start again from the tree before the next batch. */
    private boolean restart;

    public AuditLog(AuditStore store, MerkleTree tree, IntegrityAlarm alarm, Settings settings) {
        this.store = store;
        this.tree = tree;
        this.alarm = alarm;
        this.settings = settings;
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        this.nextSeq = tree.size();
        this.publisher = new Thread(this::publishLoop, "popgate-audit-publisher");
        publisher.setDaemon(true);
        publisher.start();
        this.committer = new Thread(this::commitLoop, "popgate-audit-committer");
        committer.setDaemon(true);
        committer.start();
        alarm.current().ifPresent(r -> append(AuditEvent.builder(EventType.INTEGRITY_ALARM_RAISED)
                .actor(Actor.gateway(settings.gatewayMember()))
                .outcome(Outcome.FAILED)
                .reason(r.code().code())
                .build()));
    }

    public AuditSuite suite() {
        return tree.suite();
    }

    /** Appends an event that concerns no person; returns its sequence number once durable. */
    public long append(AuditEvent event) {
        return append(event, SubjectIndex.empty());
    }

    /** Appends an event and its subject index in one transaction; returns its sequence number once durable. */
    public long append(AuditEvent event, SubjectIndex subjects) {
        if (!running) {
            throw new AuditException(AuditErrorCode.LOG_CLOSED, "audit log is closed");
        }
        if (alarm.active() && event.type().category() == EventCategory.EXCHANGE) {
            throw new AuditException(AuditErrorCode.INTEGRITY_ALARM,
                    "integrity alarm raised: exchange events refused until a security officer acknowledges it");
        }
        if (subjects.size() != event.subjectCount() || subjects.size() > 0
                && (subjects.suite() != suite() || !subjects.digest().equals(event.subjectDigest()))) {
            throw new AuditException(AuditErrorCode.SUBJECT_INDEX_MISMATCH,
                    "subject index does not match the event's subject count and digest");
        }
        byte[] leaf = CanonicalEncoding.encode(event);
        Request r = new Request(new PendingRow(event, leaf, Merkle.leafHash(suite(), leaf), subjects));
        return await(r);
    }

    /** Brings the tree up to date with rows other processes appended; returns the head. */
    public TreeHead catchUp() {
        if (running) {
            await(new Request(null));
        }
        return tree.head();
    }

    private long await(Request r) {
        try {
            if (!queue.offer(r, 10, TimeUnit.SECONDS)) {
                throw new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "audit append queue is full");
            }
            return r.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "interrupted while waiting for the audit write",
                    e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuditException ae) {
                throw new AuditException(ae.code(), "append failed", ae);
            }
            throw new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "append failed", e.getCause());
        }
    }

    /**
     * Acknowledges the integrity alarm: logs who did it and why (durably), then lets exchange events
     * through again. The officer must be a named person with a role.
     */
    public long acknowledgeAlarm(Actor officer, String reason) {
        IntegrityAlarm.Raised raised = alarm.current().orElseThrow(() -> new AuditException(
                AuditErrorCode.INVALID_FIELD, "no integrity alarm is raised"));
        long seq = append(AuditEvent.builder(EventType.INTEGRITY_ALARM_ACKNOWLEDGED)
                .actor(officer)
                .reason(reason)
                .operation(raised.code().code())
                .build());
        alarm.clear();
        return seq;
    }

    public IntegrityAlarm alarm() {
        return alarm;
    }

    public TreeHead head() {
        return tree.head();
    }

    /** The root the log had at this size (size ≤ current size). */
    public byte[] rootAt(long size) {
        return tree.root(size);
    }

    public List<byte[]> inclusionProof(long seq, long treeSize) {
        return tree.inclusionProof(seq, treeSize);
    }

    public List<byte[]> consistencyProof(long first, long second) {
        return tree.consistencyProof(first, second);
    }

    /** Events matching the query, decoded from their canonical bytes (the copied columns are not trusted). */
    public List<LoggedEvent> query(AuditQuery query) {
        List<LoggedEvent> out = new ArrayList<>();
        for (StoredRow row : store.query(query)) {
            out.add(new LoggedEvent(row.seq(), CanonicalEncoding.decode(row.leaf())));
        }
        return out;
    }

    public AuditStore store() {
        return store;
    }

    private void commitLoop() {
        List<Request> batch = new ArrayList<>(settings.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Request first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                linger(batch);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(batch, new AuditException(AuditErrorCode.LOG_CLOSED, "audit log committer interrupted"));
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void linger(List<Request> batch) throws InterruptedException {
        long nanos = settings.maxLinger().toNanos();
        if (nanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + nanos;
        while (batch.size() < settings.maxBatch()) {
            long left = deadline - System.nanoTime();
            Request next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, settings.maxBatch() - batch.size());
        }
    }

    private void commit(List<Request> batch) throws InterruptedException {
        startAgainIfNeeded();
        List<PendingRow> rows = new ArrayList<>(batch.size());
        for (Request r : batch) {
            if (r.row != null) {
                rows.add(r.row);
            }
        }
        // A small batch (few callers at a time): write it durably in one go, one round trip instead of two; its
        // commit also makes every batch before it durable. A large one (the database is the bottleneck): commit it,
        // go on with the next batch, and let the publisher flush.
        boolean durable = batch.size() < settings.flushApartFrom();
        AppendResult result;
        try {
            result = durable ? store.append(nextSeq, rows) : store.appendCommitted(nextSeq, rows);
        } catch (AuditException e) {
            restart = true;
            fail(batch, e);
            return;
        } catch (RuntimeException e) {
            restart = true;
            fail(batch, new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "append failed", e));
            return;
        }
        nextSeq = result.firstSeq() + rows.size();
        synchronized (lock) {
            // the batch list is reused for the next batch: the publisher gets a copy
            committed.add(new Committed(batch.toArray(new Request[0]), rows, result, durable));
            lock.notifyAll();
        }
    }

    /**
     * After a failed write or flush: waits until every batch before it is published or failed, then takes the tree's
     * size as the next sequence number (the store reports rows beyond it as another writer's).
     */
    private void startAgainIfNeeded() throws InterruptedException {
        synchronized (lock) {
            if (!restart && !failed) {
                return;
            }
            while (!committed.isEmpty()) {
                lock.wait();
            }
            failed = false;
            restart = false;
            nextSeq = tree.size();
        }
    }

    private void publishLoop() {
        List<Committed> batches = new ArrayList<>();
        while (true) {
            boolean alreadyFailed;
            boolean flush;
            synchronized (lock) {
                while (committed.isEmpty()) {
                    if (stopping) {
                        return;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // close() stops this thread through stopping; carry on until then
                    }
                }
                batches.addAll(committed);
                alreadyFailed = failed;
                // the last batch's durable commit flushed the WAL up to it, so the batches before it too
                flush = !alreadyFailed && !batches.get(batches.size() - 1).durable();
            }
            AuditException failure = alreadyFailed
                    ? new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "an earlier audit write failed") : null;
            if (flush) {
                try {
                    store.flush(); // every batch taken was committed before this began
                } catch (AuditException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "flush failed", e);
                }
            }
            synchronized (lock) {
                try {
                    for (Committed c : batches) {
                        if (failure == null) {
                            for (byte[] leaf : c.result().foreignLeaves()) {
                                tree.appendEntry(leaf);
                            }
                            for (PendingRow row : c.rows()) {
                                tree.appendLeafHash(row.leafHash());
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    // fail closed rather than leave callers waiting; the committer starts again from the tree
                    failure = new AuditException(AuditErrorCode.STORE_UNAVAILABLE,
                            "could not add the batch to the tree", e);
                }
                for (int i = 0; i < batches.size(); i++) {
                    committed.removeFirst();
                }
                failed |= failure != null;
                lock.notifyAll();
            }
            for (Committed c : batches) {
                long seq = c.result().firstSeq();
                for (Request r : c.requests()) {
                    if (failure != null) {
                        r.done.completeExceptionally(failure);
                    } else {
                        r.done.complete(r.row == null ? -1 : seq++);
                    }
                }
            }
            batches.clear();
        }
    }

    /** A batch the store has committed (durably or not yet), waiting to be published. */
    private record Committed(Request[] requests, List<PendingRow> rows, AppendResult result, boolean durable) {}

    private static void fail(List<Request> batch, AuditException e) {
        for (Request r : batch) {
            r.done.completeExceptionally(e);
        }
    }

    /** Stops accepting appends, commits and publishes what is queued, and stops the committer and the publisher. */
    @Override
    public void close() {
        running = false;
        try {
            committer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, new AuditException(AuditErrorCode.LOG_CLOSED, "audit log is closed"));
        // the committer has handed over its last batch: let the publisher publish those, then stop it
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        try {
            publisher.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Request {
        final PendingRow row;
        final CompletableFuture<Long> done = new CompletableFuture<>();

        Request(PendingRow row) {
            this.row = row;
        }
    }
}
