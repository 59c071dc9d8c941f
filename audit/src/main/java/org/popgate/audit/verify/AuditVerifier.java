package org.popgate.audit.verify;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.checkpoint.TimestampTrust;
import org.popgate.audit.checkpoint.Timestamps;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.event.Digest;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.merkle.Merkle;
import org.popgate.audit.merkle.MerkleTree;
import org.popgate.audit.merkle.TreeHead;
import org.popgate.audit.store.AuditStore;
import org.popgate.audit.store.RowSealer;
import org.popgate.audit.store.StoredCheckpoint;
import org.popgate.audit.store.StoredRow;
import org.popgate.audit.witness.Witness;

/**
 * Verifies the stored log: every row (sequence without gaps, row seal, strict canonical decoding,
 * query columns equal to the leaf), the subject index against each event's digest, the tree against
 * every stored checkpoint (signature, RFC 3161 token, order, root at its size) and against the
 * latest checkpoint of every witness.
 *
 * <p>{@link #startupCheck} is what the gateway calls before opening the log: it returns the rebuilt
 * tree for {@code new AuditLog(...)} and raises the {@link IntegrityAlarm} on any integrity finding.
 * {@link #fullVerification} runs on a schedule against the running log (also comparing storage with
 * the log's in-memory tree, which covers events not yet checkpointed); append
 * {@code report.toEvent(actor)} to the log.
 */
public final class AuditVerifier {

    private static final int MAX_FINDINGS = 100;
    private static final int CHUNK = 2048;
    private static final int CHECKERS = 2;

    private final AuditStore store;
    private final CheckpointVerifier checkpoints;
    private final RowSealer sealer;
    private final List<Witness> witnesses;
    private final TimestampTrust timestampTrust;

    /** A verifier that trusts no TSA: a stored checkpoint carrying an RFC 3161 token is a finding. */
    public AuditVerifier(AuditStore store, CheckpointVerifier checkpoints, RowSealer sealer, List<Witness> witnesses) {
        this(store, checkpoints, sealer, witnesses, TimestampTrust.none());
    }

    /** A verifier that accepts RFC 3161 tokens on checkpoints only from the TSAs {@code timestampTrust} pins. */
    public AuditVerifier(AuditStore store, CheckpointVerifier checkpoints, RowSealer sealer, List<Witness> witnesses,
            TimestampTrust timestampTrust) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.sealer = sealer;
        this.witnesses = List.copyOf(witnesses);
        this.timestampTrust = java.util.Objects.requireNonNull(timestampTrust);
    }

    /** The tree rebuilt from storage, with the report that vouches (or not) for it. */
    public record StartupResult(MerkleTree tree, VerificationReport report) {}

    public StartupResult startupCheck(IntegrityAlarm alarm) {
        Run run = new Run();
        MerkleTree tree = run.scan();
        VerificationReport report = run.report(tree);
        report.firstProblem().ifPresent(f -> alarm.raise(f.code(), "start-up check: " + f));
        return new StartupResult(tree, report);
    }

    public VerificationReport fullVerification(AuditLog log) {
        TreeHead before = log.head();
        Run run = new Run();
        MerkleTree tree = run.scan();
        if (tree.size() < before.size()) {
            run.add(AuditErrorCode.LOG_TRUNCATED, tree.size(),
                    "storage holds " + tree.size() + " events, the running log " + before.size());
        } else if (!MessageDigest.isEqual(tree.root(before.size()), before.root())) {
            run.add(AuditErrorCode.ROOT_MISMATCH, -1, "storage differs from the running log at size " + before.size());
        }
        VerificationReport report = run.report(tree);
        report.firstProblem().ifPresent(f -> log.alarm().raise(f.code(), "full verification: " + f));
        return report;
    }

    private final class Run {
        private final long started = System.nanoTime();
        private final List<Finding> findings = new ArrayList<>();
        private long findingCount;
        private long checkpointCount;
        private long witnessCount;

        synchronized void add(AuditErrorCode code, long seq, String detail) {
            findingCount++;
            if (findings.size() < MAX_FINDINGS) {
                findings.add(new Finding(code, seq, detail));
            }
        }

        /**
         * Checkpoints and witness notes read before the rows: a checkpoint is stored only after the rows it
         * covers are durable, so everything read here is covered by the scan that follows, even while
         * another gateway instance keeps appending (reading them after the scan raised false truncation
         * alarms on a busy shared log).
         */
        private List<StoredCheckpoint> checkpointSnapshot = List.of();
        private final Map<Witness, Object> witnessSnapshot = new java.util.LinkedHashMap<>();

        private void snapshotCheckpointsAndWitnesses() {
            checkpointSnapshot = store.checkpoints();
            for (Witness w : witnesses) {
                try {
                    witnessSnapshot.put(w, w.latest());
                } catch (AuditException e) {
                    witnessSnapshot.put(w, e);
                }
            }
        }

        MerkleTree scan() {
            snapshotCheckpointsAndWitnesses();
            AuditSuite suite = checkpoints.suite();
            MerkleTree tree = new MerkleTree(suite);
            MessageDigest md = suite.newDigest();
            Map<Long, AuditEvent> withSubjects = new ConcurrentHashMap<>();
            long[] expected = {0};
            // The reading thread hashes and builds the tree; row checks (seal, strict decoding, columns),
            // the larger share of the work, run beside it in two threads, chunk by chunk, so a full
            // verification keeps both cores busy while the reading thread waits on the database.
            ExecutorService checker = Executors.newFixedThreadPool(CHECKERS, r -> {
                Thread t = new Thread(r, "popgate-audit-verifier");
                t.setDaemon(true);
                return t;
            });
            List<Future<?>> pending = new ArrayList<>();
            List<Object[]> chunk = new ArrayList<>(CHUNK);
            try {
                store.scan(0, row -> {
                    long seq = row.seq();
                    if (seq != expected[0]) {
                        add(AuditErrorCode.LOG_GAP, expected[0], "row " + expected[0] + " missing (next row is " + seq + ")");
                    }
                    expected[0] = seq + 1;
                    byte[] leafHash = Merkle.leafHash(md, row.leaf());
                    tree.appendLeafHash(leafHash);
                    chunk.add(new Object[] {row, leafHash});
                    if (chunk.size() == CHUNK) {
                        List<Object[]> full = new ArrayList<>(chunk);
                        chunk.clear();
                        while (pending.size() >= 4 * CHECKERS) {
                            await(pending.remove(0));
                        }
                        pending.add(checker.submit(() -> check(full, withSubjects)));
                    }
                });
                pending.add(checker.submit(() -> check(new ArrayList<>(chunk), withSubjects)));
                for (Future<?> f : pending) {
                    await(f);
                }
            } finally {
                checker.shutdownNow();
            }
            checkSubjects(suite, withSubjects, tree.size());
            return tree;
        }

        private void await(Future<?> f) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "verification interrupted", e);
            } catch (ExecutionException e) {
                throw new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "verification failed", e.getCause());
            }
        }

        private void check(List<Object[]> rows, Map<Long, AuditEvent> withSubjects) {
            for (Object[] item : rows) {
                StoredRow row = (StoredRow) item[0];
                long seq = row.seq();
                if (!sealer.verify(seq, (byte[]) item[1], row.rowSeal())) {
                    add(AuditErrorCode.ROW_SEAL_INVALID, seq, "row seal does not verify");
                }
                try {
                    AuditEvent e = CanonicalEncoding.decode(row.leaf());
                    if (!row.columnsMatch(e)) {
                        add(AuditErrorCode.ROW_MISMATCH, seq, "query columns differ from the event bytes");
                    }
                    if (e.subjectCount() > 0) {
                        withSubjects.put(seq, e);
                    }
                } catch (AuditException ex) {
                    add(ex.code(), seq, "event bytes do not decode");
                }
            }
        }

        /** Subject rows of events appended after the event scan (another instance is writing) wait for the next run. */
        private void checkSubjects(AuditSuite suite, Map<Long, AuditEvent> expectedIndexes, long scannedSize) {
            SubjectRun s = new SubjectRun(suite, expectedIndexes, scannedSize);
            store.scanSubjects(s::row);
            s.finish();
            for (Long seq : expectedIndexes.keySet()) {
                if (!s.seen.containsKey(seq)) {
                    add(AuditErrorCode.SUBJECT_ROWS_MISMATCH, seq, "subject index rows missing");
                }
            }
        }

        private final class SubjectRun {
            final AuditSuite suite;
            final Map<Long, AuditEvent> expected;
            final Map<Long, Boolean> seen = new HashMap<>();
            long seq = -1;
            int next;
            boolean broken;
            MessageDigest md;
            final long scannedSize;

            SubjectRun(AuditSuite suite, Map<Long, AuditEvent> expected, long scannedSize) {
                this.suite = suite;
                this.expected = expected;
                this.scannedSize = scannedSize;
            }

            void row(long rowSeq, int ordinal, byte[] hash) {
                if (rowSeq >= scannedSize) {
                    return;
                }
                if (rowSeq != seq) {
                    finish();
                    seq = rowSeq;
                    next = 0;
                    broken = false;
                    AuditEvent e = expected.get(rowSeq);
                    md = e == null ? null : SubjectIndex.start(suite, e.subjectCount());
                    seen.put(rowSeq, Boolean.TRUE);
                }
                if (ordinal != next++ || md == null) {
                    broken = true;
                } else {
                    md.update(hash);
                }
            }

            void finish() {
                if (seq < 0) {
                    return;
                }
                AuditEvent e = expected.get(seq);
                if (broken || e == null || next != e.subjectCount()
                        || !new Digest(md.digest()).equals(e.subjectDigest())) {
                    add(AuditErrorCode.SUBJECT_ROWS_MISMATCH, seq, "subject index rows do not match the event's digest");
                }
                seq = -1;
            }
        }

        VerificationReport report(MerkleTree tree) {
            long size = tree.size();
            long lastSize = -1;
            for (StoredCheckpoint stored : checkpointSnapshot) {
                checkpointCount++;
                SignedCheckpoint cp;
                try {
                    cp = checkpoints.verify(stored.note());
                } catch (AuditException e) {
                    add(e.code(), -1, "stored checkpoint " + stored.id() + " does not verify");
                    continue;
                }
                if (cp.size() != stored.treeSize() || !MessageDigest.isEqual(cp.root(), stored.rootHash())
                        || !cp.checkpoint().time().equals(stored.signedAt())) {
                    add(AuditErrorCode.CHECKPOINT_INVALID, -1, "stored checkpoint " + stored.id() + " columns differ from its note");
                }
                if (cp.size() < lastSize) {
                    add(AuditErrorCode.CHECKPOINT_ORDER, -1, "stored checkpoint " + stored.id() + " is smaller than its predecessor");
                }
                lastSize = Math.max(lastSize, cp.size());
                if (stored.timestampToken() != null) {
                    try {
                        Timestamps.verify(stored.timestampToken(), stored.note(), timestampTrust);
                    } catch (AuditException e) {
                        add(e.code(), -1, "timestamp of stored checkpoint " + stored.id() + " does not verify");
                    }
                }
                compare(tree, cp, "stored checkpoint " + stored.id());
            }
            for (Map.Entry<Witness, Object> entry : witnessSnapshot.entrySet()) {
                Witness w = entry.getKey();
                witnessCount++;
                try {
                    if (entry.getValue() instanceof AuditException failure) {
                        throw failure;
                    }
                    @SuppressWarnings("unchecked")
                    java.util.Optional<String> latest = (java.util.Optional<String>) entry.getValue();
                    latest.ifPresent(note -> compare(tree, checkpoints.verify(note), "witness " + w.name()));
                } catch (AuditException e) {
                    add(e.code() == AuditErrorCode.WITNESS_UNAVAILABLE ? e.code() : AuditErrorCode.WITNESS_INCONSISTENT,
                            -1, "witness " + w.name() + " checkpoint unusable");
                }
            }
            List<Finding> ordered = new ArrayList<>(findings);
            ordered.sort(java.util.Comparator.comparingLong(f -> f.seq() < 0 ? Long.MAX_VALUE : f.seq()));
            return new VerificationReport(new TreeHead(size, tree.root()), ordered, findingCount, checkpointCount,
                    witnessCount, Duration.ofNanos(System.nanoTime() - started));
        }

        private void compare(MerkleTree tree, SignedCheckpoint cp, String what) {
            if (cp.size() > tree.size()) {
                add(AuditErrorCode.LOG_TRUNCATED, tree.size(),
                        what + " covers " + cp.size() + " events, storage holds " + tree.size());
            } else if (!MessageDigest.isEqual(tree.root(cp.size()), cp.root())) {
                add(AuditErrorCode.ROOT_MISMATCH, -1, what + " root differs from storage at size " + cp.size());
            }
        }
    }
}
