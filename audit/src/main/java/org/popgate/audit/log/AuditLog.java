package org.popgate.audit.log;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>Once a batch is durable the committer hands the waking of its callers to a second thread, the notifier, and
 * takes the next batch at once: the store writes one batch while the callers of the one before are woken, so waking
 * them (a thread switch each) is no longer part of every batch's turn.
 *
 * <p>Start from the tree the start-up check rebuilt: {@code new AuditLog(store, startup.tree(), alarm, settings)}.
 */
public final class AuditLog implements AutoCloseable {

    /** Tuning and identity of the log. */
    public record Settings(int maxBatch, Duration maxLinger, int queueCapacity, String gatewayMember) {

        public Settings {
            if (maxBatch < 1 || queueCapacity < maxBatch) {
                throw new IllegalArgumentException("maxBatch must be >= 1 and <= queueCapacity");
            }
        }

        /** 256 events per batch, no artificial linger (batches form while the previous one commits). */
        public static Settings defaults(String gatewayMember) {
            return new Settings(256, Duration.ZERO, 65_536, gatewayMember);
        }
    }

    private final AuditStore store;
    private final MerkleTree tree;
    private final IntegrityAlarm alarm;
    private final Settings settings;
    private final BlockingQueue<Request> queue;
    private final Thread committer;
    /** Wakes the callers of durable batches, in batch order, so that the committer can go on with the next batch. */
    private final ExecutorService notifier;
    private volatile boolean running = true;

    public AuditLog(AuditStore store, MerkleTree tree, IntegrityAlarm alarm, Settings settings) {
        this.store = store;
        this.tree = tree;
        this.alarm = alarm;
        this.settings = settings;
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        this.notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "popgate-audit-notifier");
            t.setDaemon(true);
            return t;
        });
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
        if (subjects.size() != event.subjectCount()
                || subjects.size() > 0 && (subjects.suite() != suite() || !subjects.digest().equals(event.subjectDigest()))) {
            throw new AuditException(AuditErrorCode.SUBJECT_INDEX_MISMATCH,
                    "subject index does not match the event's subject count and digest");
        }
        byte[] leaf = CanonicalEncoding.encode(event);
        MessageDigest md = suite().newDigest();
        Request r = new Request(new PendingRow(event, leaf, Merkle.leafHash(md, leaf), subjects));
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
            throw new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "interrupted while waiting for the audit write", e);
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

    private void commit(List<Request> batch) {
        List<PendingRow> rows = new ArrayList<>(batch.size());
        for (Request r : batch) {
            if (r.row != null) {
                rows.add(r.row);
            }
        }
        AppendResult result;
        try {
            result = store.append(tree.size(), rows);
        } catch (AuditException e) {
            fail(batch, e);
            return;
        } catch (RuntimeException e) {
            fail(batch, new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "append failed", e));
            return;
        }
        for (byte[] leaf : result.foreignLeaves()) {
            tree.appendEntry(leaf);
        }
        for (PendingRow row : rows) {
            tree.appendLeafHash(row.leafHash());
        }
        // the batch list is reused for the next batch: hand the notifier a copy
        Request[] durable = batch.toArray(new Request[0]);
        long first = result.firstSeq();
        try {
            notifier.execute(() -> wake(durable, first));
        } catch (RejectedExecutionException e) {
            wake(durable, first); // closing, and the committer outlived close()'s wait: wake them here
        }
    }

    private static void wake(Request[] durable, long firstSeq) {
        long seq = firstSeq;
        for (Request r : durable) {
            r.done.complete(r.row == null ? -1 : seq++);
        }
    }

    private static void fail(List<Request> batch, AuditException e) {
        for (Request r : batch) {
            r.done.completeExceptionally(e);
        }
    }

    /** Stops accepting appends, commits what is queued, and stops the committer. */
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
        // the committer has handed over its last batch: let the notifier wake those callers, then stop it
        notifier.shutdown();
        try {
            notifier.awaitTermination(30, TimeUnit.SECONDS);
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
